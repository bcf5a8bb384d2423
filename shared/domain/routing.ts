import type { Contact } from './contact.ts';
import type { InboundContact } from './inbound-contact.ts';
import { DEFAULT_QUEUE_ID } from './queue.ts';
import type { Priority, TicketType } from './ticket.ts';

export interface RoutingInput {
  inbound: InboundContact;
  contact: Contact;
}

export interface RoutingDecision {
  queueId: string;
  priority: Priority;
  type: TicketType;
  tags: string[];
  /** Which rule decided, for the ticket's history; absent when the default applied. */
  ruleId?: string;
  /** The SLA policy the rule names; otherwise the policy is chosen by priority and type. */
  slaPolicyId?: string;
}

/** Decides where a new ticket goes. Rules-based routing replaces the default without touching intake. */
export interface TicketRouter {
  route(input: RoutingInput): Promise<RoutingDecision>;
}

export const defaultQueueRouter: TicketRouter = {
  async route({ inbound }) {
    return {
      queueId: DEFAULT_QUEUE_ID,
      priority: inbound.priority ?? 'normal',
      type: inbound.type ?? 'inquiry',
      tags: inbound.tags ?? [],
    };
  },
};
