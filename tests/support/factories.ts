import type { InboundContact } from '../../shared/domain/inbound-contact.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import type { IngestDeps } from '../../shared/use-cases/ingest-deps.ts';

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

/** A new ticket from a verified phone no other contact of the test file uses: the ticket, and where replies go. */
export async function aPhoneTicket(deps: IngestDeps): Promise<{ ticketId: string; phone: string }> {
  const contact = anInboundContact();
  const phone = contact.identities[0]?.value as string;
  const { ticketId } = await ingestContact(deps, contact);
  return { ticketId, phone };
}

/** A support request ticket as stored, for tests of what is told about one. */
export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '01J00000000000000000000001',
    reference: 'SND-2026-000123',
    type: 'support_request',
    status: 'open',
    priority: 'high',
    queueId: 'research-committee',
    contactId: 'c1',
    contactName: 'أم سالم',
    channel: 'sms',
    subject: 'طلب دعم',
    preview: 'طلب دعم',
    tags: [],
    messageCount: 1,
    createdAt: '2026-11-20T06:00:00.000Z',
    updatedAt: '2026-11-20T06:00:00.000Z',
    lastActivityAt: '2026-11-20T06:00:00.000Z',
    ...overrides,
  };
}
