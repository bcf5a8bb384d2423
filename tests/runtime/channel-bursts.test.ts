import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_META_APP_SECRET, LOCAL_TELEGRAM_SECRET } from '../../infra/local/local-secrets.ts';
import { metaSignature, whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Channel } from '../../shared/domain/channel.ts';
import { startTestRuntime } from '../support/runtime.ts';

/** A new beneficiary's first messages, each its own provider delivery, all arriving at once over HTTP. */
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

const SENT_AT = 1_795_570_000;

function post(path: string, body: string, headers: Record<string, string>) {
  return fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

function whatsapp(index: number): Promise<Response> {
  const body = JSON.stringify(
    whatsappWebhook({ waId: '966551239901', name: 'ريم' }, [
      {
        from: '966551239901',
        id: `wamid.BURST${index}`,
        timestamp: String(SENT_AT + index),
        type: 'text',
        text: { body: `واتساب ${index}` },
      },
    ]),
  );
  return post('/webhooks/whatsapp', body, metaSignature(body, LOCAL_META_APP_SECRET));
}

function sms(index: number): Promise<Response> {
  return post(
    '/local/sms',
    JSON.stringify({
      originationNumber: '+966551239902',
      destinationNumber: '+966112345678',
      messageBody: `جزء ${index}`,
      inboundMessageId: `sms-burst-${index}`,
    }),
    {},
  );
}

function telegram(index: number): Promise<Response> {
  const body = JSON.stringify({
    update_id: 900_000 + index,
    message: {
      message_id: 500 + index,
      from: { id: 700999001, is_bot: false, first_name: 'هيا' },
      chat: { id: 700999001, first_name: 'هيا', type: 'private' },
      date: SENT_AT + index,
      text: `تيليجرام ${index}`,
    },
  });
  return post('/webhooks/telegram', body, { 'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET });
}

async function ticketsOf(channel: Channel, kind: 'phone' | 'telegram', value: string) {
  const lookup = await runtime.deps.store.lookupInbound(channel, 'none', [{ kind, value }]);
  const contactId = lookup.contactIdsByIdentity.get(`${kind}#${value}`);
  return contactId ? runtime.deps.store.listContactTickets(contactId) : [];
}

describe('first messages of a new sender arriving together over the webhooks', () => {
  it.each([
    ['whatsapp', 5, whatsapp, 'phone', '+966551239901', 'واتساب'],
    ['sms', 3, sms, 'phone', '+966551239902', 'جزء'],
    ['telegram', 4, telegram, 'telegram', '700999001', 'تيليجرام'],
  ] as const)(
    '%s: %i at once make one ticket holding all of them',
    async (channel, count, send, kind, value, word) => {
      const responses = await Promise.all(Array.from({ length: count }, (_, index) => send(index + 1)));
      expect(responses).toHaveLength(count);
      expect(responses.every((response) => response.status < 300)).toBe(true);

      const tickets = await ticketsOf(channel, kind, value);
      expect(tickets).toHaveLength(1);
      const thread = await runtime.deps.store.getTicketWithThread(tickets[0]?.id as string);
      const sent = Array.from({ length: count }, (_, index) => `${word} ${index + 1}`);
      const shown = thread?.messages.map((message) => message.text) ?? [];
      // Shown as the provider stamped them; an SMS carries only its arrival time, so its parts have no order.
      expect(channel === 'sms' ? shown.toSorted() : shown).toEqual(sent);
    },
  );
});
