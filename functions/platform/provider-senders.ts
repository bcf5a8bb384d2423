import type { FileLinks } from '../../shared/ports/file-links.ts';
import type { ObjectStore } from '../../shared/ports/object-store.ts';
import type { OutboundSenders } from '../../shared/ports/outbound.ts';
import type { Secrets } from '../../shared/ports/secrets.ts';
import type { ProviderUrls } from '../channels/media/provider-media.ts';
import { MessagingSender, WhatsAppSender } from '../channels/meta/graph-senders.ts';
import { SnsSmsSender } from '../channels/sms/sns-sms-sender.ts';
import { TelegramBotSender } from '../channels/telegram/bot-api-sender.ts';

export interface ProviderSenderOptions {
  secrets: Secrets;
  urls: ProviderUrls;
  objects: ObjectStore;
  /** Files sent by SMS go as signed links. */
  fileLinks: FileLinks;
  smsSenderId?: string;
}

/** The real senders of every channel but email, with the providers' credentials: in AWS, and live from `npm start`. */
export function providerSenders(options: ProviderSenderOptions): OutboundSenders {
  const { secrets, urls, objects } = options;
  const graph = { graphUrl: urls.metaGraphUrl, objects };
  const pageToken = () => secrets.get('meta-page-access-token');
  return {
    sms: new SnsSmsSender(options.smsSenderId, undefined, options.fileLinks),
    telegram: new TelegramBotSender(() => secrets.get('telegram-bot-token'), fetch, {
      apiUrl: urls.telegramApiUrl,
      objects,
    }),
    whatsapp: new WhatsAppSender(
      () => secrets.get('whatsapp-access-token'),
      () => secrets.get('whatsapp-phone-number-id'),
      fetch,
      graph,
    ),
    messenger: new MessagingSender(pageToken, fetch, graph),
    instagram: new MessagingSender(pageToken, fetch, graph),
  };
}
