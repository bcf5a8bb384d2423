import type { MediaSource } from '../../../shared/domain/media.ts';
import type { MediaDownload, MediaDownloader } from '../../../shared/ports/media.ts';
import type { Secrets } from '../../../shared/ports/secrets.ts';
import { downloadAttachmentUrl, downloadWhatsAppMedia } from '../meta/media.ts';
import { downloadTelegramFile } from '../telegram/media.ts';
import { addressCheckedFetch } from './public-address-fetch.ts';

export interface ProviderUrls {
  /** Graph API base with its version (META_GRAPH_URL). */
  metaGraphUrl: string;
  /** Bot API host (TELEGRAM_API_URL). */
  telegramApiUrl: string;
  /** Files named by address may come from this machine (`npm start`'s provider stand-in, a developer's server). */
  mediaFromAnyHost?: boolean;
}

export const DEFAULT_META_GRAPH_URL = 'https://graph.facebook.com/v21.0';
export const DEFAULT_TELEGRAM_API_URL = 'https://api.telegram.org';

/** Each provider's way of handing over a received file, with the credentials it needs. */
export class ProviderMediaDownloader implements MediaDownloader {
  constructor(
    private readonly urls: ProviderUrls,
    private readonly secrets: Secrets,
    private readonly fetchImpl: typeof fetch = fetch,
    /** For a file named by address in a webhook: connects only to public addresses, whatever the name resolves to. */
    private readonly publicFetch: typeof fetch = addressCheckedFetch(),
  ) {}

  async download(source: MediaSource, maxBytes: number): Promise<MediaDownload> {
    switch (source.provider) {
      case 'whatsapp':
        return downloadWhatsAppMedia(
          this.fetchImpl,
          this.urls.metaGraphUrl,
          await this.secrets.get('whatsapp-access-token'),
          source.mediaId,
          maxBytes,
        );
      case 'telegram':
        return downloadTelegramFile(
          this.fetchImpl,
          this.urls.telegramApiUrl,
          await this.secrets.get('telegram-bot-token'),
          source.fileId,
          maxBytes,
        );
      case 'url':
        return this.urls.mediaFromAnyHost
          ? downloadAttachmentUrl(this.fetchImpl, source.url, maxBytes, false)
          : downloadAttachmentUrl(this.publicFetch, source.url, maxBytes);
    }
  }
}
