import { beforeAll, describe, expect, it } from 'vitest';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postMetaWebhook, useProviderStandIn } from '../support/provider-stand-in.ts';
import { getJson, postJson, signIn } from '../support/runtime.ts';

const providers = useProviderStandIn();
let runtime: LocalRuntime;
let token: string;

beforeAll(async () => {
  runtime = await providers.startRuntime(['whatsapp-access-token', 'whatsapp-phone-number-id'], {
    liveChannels: true,
  });
  token = await signIn(runtime, 'supervisor@sanad.local');
});

const WA_ID = '966551239081';
const PHONE = `+${WA_ID}`;
const now = () => Math.floor(Date.now() / 1000);
let seq = 0;
/** A message from the beneficiary as WhatsApp delivers it; the webhook's answer. */
const fromThem = (fields: Record<string, unknown>) => {
  seq += 1;
  return postMetaWebhook(
    runtime,
    'whatsapp',
    whatsappWebhook({ waId: WA_ID, name: 'ريم' }, [
      { from: WA_ID, id: `wamid.STOP-${seq}`, timestamp: String(now() + seq), ...fields },
    ]),
  );
};
const optOutOf = () => runtime.deps.optOuts.get('whatsapp', PHONE);

describe("a beneficiary stopping the society's WhatsApp messages", () => {
  it('records STOP, the template button and WhatsApp’s own setting per number, opening no ticket, and START undoes it', async () => {
    expect((await fromThem({ type: 'text', text: { body: 'متى موعد توزيع السلال؟' } })).body).toMatchObject({
      outcomes: ['created'],
    });
    const ticketId = (await runtime.deps.messages.findByProviderId('whatsapp', `wamid.STOP-${seq}`))
      ?.ticketId;
    expect(ticketId).toBeDefined();

    expect((await fromThem({ type: 'text', text: { body: 'إيقاف' } })).body).toMatchObject({
      outcomes: ['opted_out'],
    });
    expect(await optOutOf()).toMatchObject({ optedOut: true, word: 'إيقاف' });
    const { body } = await getJson(`${runtime.url}/api/tickets/${ticketId}`, token);
    // Noted on their open ticket, not a message of it.
    expect((body.messages as { text: string }[]).map((message) => message.text)).not.toContain('إيقاف');
    expect((body.events as { type: string }[]).map((event) => event.type)).toContain('whatsapp_opted_out');
    const contact = await runtime.deps.store.getContact(
      String((body.ticket as { contactId: string }).contactId),
    );
    expect(contact?.whatsappOptedOut).toEqual([{ phone: PHONE, at: expect.any(String) }]);

    // They wrote within the last 24 hours: an answer to that still goes.
    const reply = await postJson(
      `${runtime.url}/api/tickets/${ticketId}/messages`,
      { kind: 'reply', text: 'يبدأ التوزيع يوم الأحد بإذن الله.' },
      { authorization: `Bearer ${token}` },
    );
    expect(reply).toMatchObject({ status: 201, body: { deliveryStatus: 'sent' } });

    // START (or اشتراك) takes them back; WhatsApp's "offers and announcements" setting stops them again, and
    // the stop button of a marketing template too.
    expect((await fromThem({ type: 'text', text: { body: 'START' } })).body).toMatchObject({
      outcomes: ['opted_in'],
    });
    expect(await optOutOf()).toMatchObject({ optedOut: false });
    expect((await runtime.deps.store.getContact(contact?.id ?? ''))?.whatsappOptedOut).toBeUndefined();
    // As Meta posts the `user_preferences` field.
    const preference = postMetaWebhook(runtime, 'whatsapp', {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'user_preferences',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                contacts: [{ profile: { name: 'ريم' }, wa_id: WA_ID }],
                user_preferences: [
                  {
                    wa_id: WA_ID,
                    detail: 'User requested to stop marketing messages',
                    category: 'marketing_messages',
                    value: 'stop',
                    timestamp: now() + 100,
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect((await preference).body).toMatchObject({ outcomes: ['opted_out'] });
    expect(await optOutOf()).toMatchObject({ optedOut: true, word: 'marketing_messages:stop' });
    expect(
      (
        await fromThem({
          type: 'system',
          system: {
            body: 'User requested to resume marketing messages',
            marketing: 'resume',
            type: 'user_preference_changed',
          },
        })
      ).body,
    ).toMatchObject({ outcomes: ['opted_in'] });
    expect(
      (await fromThem({ type: 'button', button: { text: 'Stop promotions', payload: 'Stop promotions' } }))
        .body,
    ).toMatchObject({ outcomes: ['opted_out'] });
    expect(await optOutOf()).toMatchObject({ optedOut: true });
    // A sentence that only contains the word is a message.
    expect((await fromThem({ type: 'text', text: { body: 'أرجو إيقاف الزيارة غداً' } })).body).toMatchObject({
      outcomes: ['appended'],
    });
  });
});
