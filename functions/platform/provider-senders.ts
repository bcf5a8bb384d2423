import type { FileLinks } from '../../shared/ports/file-links.ts';
import type { ObjectStore } from '../../shared/ports/object-store.ts';
import type { OutboundSenders } from '../../shared/ports/outbound.ts';
import type { Secrets } from '../../shared/ports/secrets.ts';
import type { SmsProvider } from '../../shared/ports/sms.ts';
import type { ProviderUrls } from '../channels/media/provider-media.ts';
import { MessagingSender, WhatsAppSender } from '../channels/meta/graph-senders.ts';
import { AggregatorSmsProvider } from '../channels/sms/aggregator-sender.ts';
import { EndUserMessagingSmsProvider } from '../channels/sms/end-user-messaging-sender.ts';
import { SmsSender } from '../channels/sms/sms-sender.ts';
import { SnsSmsProvider } from '../channels/sms/sns-sms-sender.ts';
import { TelegramBotSender } from '../channels/telegram/bot-api-sender.ts';
import type { SmsProviderSettings } from './settings.ts';

export interface ProviderSenderOptions {
  secrets: Secrets;
  urls: ProviderUrls;
  objects: ObjectStore;
  /** Files sent by SMS go as signed links. */
  fileLinks: FileLinks;
  sms: SmsProviderSettings;
}

/** The SMS provider the settings choose. */
export function smsProvider(sms: SmsProviderSettings, secrets: Secrets): SmsProvider {
  if (sms.provider === 'aggregator')
    return new AggregatorSmsProvider({
      baseUrl: sms.baseUrl,
      senderId: sms.senderId,
      apiKey: () => secrets.get('sms-aggregator-api-key'),
    });
  if (sms.provider === 'end-user-messaging')
    return new EndUserMessagingSmsProvider({
      originationIdentity: sms.senderId,
      configurationSetName: sms.configurationSet,
    });
  return new SnsSmsProvider(sms.senderId);
}

/** The real senders of every channel but email, with the providers' credentials: in AWS, and live from `npm start`. */
export function providerSenders(options: ProviderSenderOptions): OutboundSenders {
  const { secrets, urls, objects } = options;
  const graph = { graphUrl: urls.metaGraphUrl, objects };
  const pageToken = () => secrets.get('meta-page-access-token');
  return {
    sms: new SmsSender(smsProvider(options.sms, secrets), options.fileLinks),
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
