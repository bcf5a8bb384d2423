import type { TicketChanged } from '../domain/ticket-change.ts';

export interface TicketEventPublisher {
  publish(change: TicketChanged): Promise<void>;
}
