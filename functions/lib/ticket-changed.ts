import * as z from 'zod/mini';

/** A "ticket changed" message as read off the ticketEvents topic; anything else is refused. */
export const ticketChangedSchema = z.object({
  kind: z.enum(['created', 'message', 'updated']),
  ticketId: z.string().check(z.minLength(1)),
  reference: z.string(),
  queueId: z.string().check(z.minLength(1)),
  fromQueueId: z.optional(z.string().check(z.minLength(1))),
  at: z.string(),
  opensCase: z.optional(z.boolean()),
  correlationId: z.optional(z.string().check(z.maxLength(200))),
  contactId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  messageIds: z.optional(z.array(z.string().check(z.minLength(1))).check(z.maxLength(100))),
  notified: z.optional(z.array(z.string().check(z.minLength(1))).check(z.maxLength(200))),
});
