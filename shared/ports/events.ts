export type TicketChangeKind = 'created' | 'message' | 'updated';

/** "Something changed on this ticket": what the live inbox and the metrics listen to. */
export interface TicketChanged {
  kind: TicketChangeKind;
  ticketId: string;
  reference: string;
  queueId: string;
  at: string;
}

export interface TicketEventPublisher {
  publish(change: TicketChanged): Promise<void>;
}
