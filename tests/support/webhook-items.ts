import { beforeAll } from 'vitest';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postMetaWebhook, postTelegramUpdate, useProviderStandIn } from './provider-stand-in.ts';

/**
 * A runtime of the test file's own behind the providers' stand-in (Telegram and Meta tokens set; `runtime` is
 * filled in before the file's tests), and the webhook items the tests post: Munira on WhatsApp, Lama on Telegram.
 */
export function useWebhookItems() {
  const providers = useProviderStandIn();
  const items = {
    providers,
    runtime: undefined as unknown as LocalRuntime,
    meta: (channel: string, payload: unknown) => postMetaWebhook(items.runtime, channel, payload),
    whatsappBatch: (messages: unknown[], statuses: unknown[] = []) =>
      whatsappWebhook({ waId: '966551239001', name: 'منيرة' }, messages, statuses),
    fromMunira: (id: string, fields: Record<string, unknown>) => ({
      from: '966551239001',
      id,
      timestamp: '1795570300',
      ...fields,
    }),
    telegram: (update: unknown) => postTelegramUpdate(items.runtime, update),
    telegramMessage: (messageId: number, fields: Record<string, unknown>) => ({
      message_id: messageId,
      from: { id: 700119001, is_bot: false, first_name: 'لمى', language_code: 'ar' },
      chat: { id: 700119001, type: 'private' },
      date: 1795570400,
      ...fields,
    }),
    /** The stored message the provider sent as `providerMessageId`. */
    async messageOf(channel: 'whatsapp' | 'telegram' | 'messenger', providerMessageId: string) {
      const pointer = await items.runtime.deps.messages.findByProviderId(channel, providerMessageId);
      if (!pointer) throw new Error(`${providerMessageId} is not stored`);
      return (await items.runtime.deps.messages.getMessage(pointer.ticketId, pointer.messageId))?.message;
    },
  };
  beforeAll(async () => {
    items.runtime = await providers.startRuntime(['telegram-bot-token', 'meta-page-access-token']);
  });
  return items;
}
