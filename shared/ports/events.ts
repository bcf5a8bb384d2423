export type TicketChangeKind = 'created' | 'message' | 'updated';

/** "Something changed on this ticket": what the live inbox and the metrics listen to. */
export interface TicketChanged {
  kind: TicketChangeKind;
  ticketId: string;
  reference: string;
  queueId: string;
  at: string;
  /** On `created`: whether the ticket opens a support case (whose acknowledgement follows). */
  opensCase?: boolean;
  /** The request or provider message that caused the change, for its consumers' logs. */
  correlationId?: string;
  /** Staff given a notice in their notification centre with this change (an assignment, an escalation). */
  notified?: string[];
}

export interface TicketEventPublisher {
  publish(change: TicketChanged): Promise<void>;
}
