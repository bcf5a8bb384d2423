import * as z from 'zod';

/** A "ticket changed" message as read off the ticketEvents topic; anything else is refused. */
export const ticketChangedSchema = z.object({
  kind: z.enum(['created', 'message', 'updated']),
  ticketId: z.string().min(1),
  reference: z.string(),
  queueId: z.string().min(1),
  at: z.string(),
  opensCase: z.boolean().optional(),
  correlationId: z.string().max(200).optional(),
  notified: z.array(z.string().min(1)).max(200).optional(),
});
