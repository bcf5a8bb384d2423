import * as z from 'zod';
import { STAFF_LOGGED_CHANNELS } from '../../shared/domain/channel.ts';
import { parseDecimalInteger } from '../../shared/domain/digits.ts';
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

/** A whole number from a query or path: decimal digits only (`0x10`, `1e2`, ` ` are not numbers here). */
export const decimalInteger = (min: number, max: number) =>
  z
    .string()
    .transform((text, context) => {
      const value = parseDecimalInteger(text);
      if (value === undefined) {
        context.addIssue({ code: 'custom', message: 'invalid_value' });
        return z.NEVER;
      }
      return value;
    })
    .pipe(z.number().int().min(min).max(max));

export const attachmentPathSchema = z.object({
  messageId: z.string().min(1).max(64),
  index: decimalInteger(0, 100),
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
