import { z } from 'zod';
import { STAFF_LOGGED_CHANNELS } from '../../shared/domain/channel.ts';
import { normaliseNationalId } from '../../shared/domain/national-id.ts';
import { normalisePhone } from '../../shared/domain/phone.ts';
import { TICKET_TYPES } from '../../shared/domain/ticket.ts';

/** Request shapes of the inbox's routes on the staff API, validated at the edge. */
/** A file sent as base64 in JSON; API Gateway's 10 MB payload limit bounds the whole request further. */
export const uploadSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
    base64: z.base64().max(7_000_000),
  })
  .transform(({ base64, ...file }) => ({ ...file, body: Buffer.from(base64, 'base64') }));

export const attachmentPathSchema = z.object({
  messageId: z.string().min(1).max(64),
  index: z.coerce.number().int().min(0).max(100),
});

export const staffContactSchema = z.strictObject({
  channel: z.enum(STAFF_LOGGED_CHANNELS),
  idempotencyKey: z.string().min(8).max(64),
  name: z.string().trim().min(1).max(200),
  phone: z
    .string()
    .optional()
    .transform((value, context) => {
      if (!value?.trim()) return undefined;
      const phone = normalisePhone(value);
      if (!phone) context.addIssue({ code: 'custom', message: 'invalid_phone' });
      return phone;
    }),
  email: z.email().max(254).toLowerCase().optional(),
  nationalId: z
    .string()
    .optional()
    .transform((value, context) => {
      if (!value?.trim()) return undefined;
      const id = normaliseNationalId(value);
      if (!id) context.addIssue({ code: 'custom', message: 'invalid_national_id' });
      return id;
    }),
  subject: z.string().trim().max(200).optional(),
  text: z.string().trim().min(1).max(10_000),
  type: z.enum(TICKET_TYPES).optional(),
  scan: uploadSchema.optional(),
});
