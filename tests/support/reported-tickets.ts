import type { ReportedTicket } from '../../shared/reports/reported-ticket.ts';

let sequence = 0;

/** A ticket as reports read it, created at `createdAt`; override what the test is about. */
export function aReportedTicket(overrides: Partial<ReportedTicket> = {}): ReportedTicket {
  sequence += 1;
  const createdAt = overrides.createdAt ?? '2026-11-22T06:00:00.000Z';
  return {
    id: `01TESTTICKET${String(sequence).padStart(14, '0')}`,
    reference: `SND-2026-${String(sequence).padStart(6, '0')}`,
    type: 'inquiry',
    status: 'new',
    priority: 'normal',
    queueId: 'beneficiary-relations',
    contactId: 'c-1',
    contactName: 'أم خالد',
    channel: 'whatsapp',
    subject: 'استفسار عن موعد صرف المساعدة',
    preview: 'السلام عليكم',
    tags: [],
    messageCount: 1,
    createdAt,
    updatedAt: createdAt,
    lastActivityAt: createdAt,
    lastInboundAt: createdAt,
    ...overrides,
  };
}

/** The ticket after a change at `at`: the fields a real write would move, plus the given ones. */
export function changed(ticket: ReportedTicket, at: string, fields: Partial<ReportedTicket>): ReportedTicket {
  return { ...ticket, updatedAt: at, lastActivityAt: at, ...fields };
}
