/** The words a ticket is described in; a leaf module, so the SLA and routing code can use them. */
export const TICKET_TYPES = [
  'inquiry',
  'support_request',
  'complaint',
  'suggestion',
  'volunteering',
  'other',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** Statuses in which the ticket still needs the society's work; a new message threads onto these. */
export const ACTIVE_STATUSES = ['new', 'open', 'pending_beneficiary', 'pending_internal'] as const;

export const TICKET_STATUSES = [...ACTIVE_STATUSES, 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
