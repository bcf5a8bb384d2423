import type { InboundContact } from '../../shared/domain/inbound-contact.ts';

let sequence = 0;

/** An inbound contact with sensible defaults; override what the test is about. */
export function anInboundContact(overrides: Partial<InboundContact> = {}): InboundContact {
  sequence += 1;
  return {
    channel: 'sms',
    providerMessageId: `provider-${Date.now()}-${sequence}`,
    identities: [
      { kind: 'phone', value: `+9665${String(10_000_000 + sequence).slice(-8)}`, assurance: 'verified' },
    ],
    displayName: 'أم خالد',
    text: 'السلام عليكم، أرغب في الاستفسار عن طلبي',
    attachments: [],
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
}
