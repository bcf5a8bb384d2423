import { describe, expect, it } from 'vitest';
import { parseWhatsApp } from '../../functions/channels/meta/whatsapp-parse.ts';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { Contact } from '../../shared/domain/contact.ts';
import type { OptOutRecord } from '../../shared/ports/opt-outs.ts';
import { type TextPolicyDeps, textRefusal } from '../../shared/use-cases/automatic-messages.ts';

const PHONE = '+966551239082';
const stopped: OptOutRecord = {
  channel: 'whatsapp',
  address: PHONE,
  optedOut: true,
  at: '2026-12-01T08:00:00.000Z',
  word: 'STOP',
};
const deps: TextPolicyDeps = {
  optOuts: {
    get: async (channel) => (channel === 'whatsapp' ? stopped : { ...stopped, channel }),
    put: async () => true,
  },
  textBudget: {
    spend: async () => ({ allowed: true, justExhausted: false }),
    spendOnNumber: async () => true,
  },
  outboxAlerts: { budgetExhausted: () => undefined },
  unconfirmedTextsPerDay: 100,
  clock: { now: () => new Date('2026-12-03T08:00:00.000Z') },
};
const contact = {
  identities: [{ kind: 'phone', value: PHONE, assurance: 'verified' }],
} as unknown as Contact;

describe('a stop on WhatsApp', () => {
  it('holds for announcements and templates, not for an answer inside the beneficiary’s window; by SMS it holds for all', async () => {
    const whatsapp = { channel: 'whatsapp' as const, to: PHONE };
    const bounds = { daily: true, hourly: false };
    expect(await textRefusal(deps, contact, whatsapp, { ...bounds, societyInitiated: true })).toBe(
      'opted_out',
    );
    expect(
      await textRefusal(deps, contact, whatsapp, { ...bounds, societyInitiated: false }),
    ).toBeUndefined();
    const sms = { channel: 'sms' as const, to: PHONE };
    expect(await textRefusal(deps, contact, sms, { ...bounds, societyInitiated: false })).toBe('opted_out');
  });

  it('is read from the stop button of a marketing template by its words when its payload is the template’s own', () => {
    const { items } = parseWhatsApp(
      whatsappWebhook({ waId: PHONE.slice(1), name: 'ريم' }, [
        {
          from: PHONE.slice(1),
          id: 'wamid.BTN-1',
          timestamp: '1795570300',
          type: 'button',
          button: { text: 'إيقاف العروض الترويجية', payload: 'promo-2026-stop' },
        },
      ]),
    );
    expect(items).toEqual([
      {
        kind: 'opt_out',
        optOut: expect.objectContaining({
          channel: 'whatsapp',
          identity: expect.objectContaining({ kind: 'phone', value: PHONE }),
          optedOut: true,
          word: 'إيقاف العروض الترويجية',
          providerMessageId: 'wamid.BTN-1',
        }),
      },
    ]);
  });
});
