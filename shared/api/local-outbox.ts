import type { Channel } from '../domain/channel.ts';

/** What `npm start` would have sent to a provider: kept by the local outbox, listed to the inbox at /local/outbox. */
export interface OutboxEntry {
  id: string;
  channel: Channel;
  to: string;
  at: string;
  /** A line for people: the subject or the start of the text. */
  summary: string;
  /** Exactly what would have gone to the provider: full MIME for email, the API request body otherwise. */
  payload: string;
  payloadType: 'message/rfc822' | 'application/json';
  /** The ticket it was sent about, when any: listed only to staff who see that ticket. */
  ticketReference?: string;
}
