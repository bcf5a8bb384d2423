import * as z from 'zod/mini';
import { STAFF_LOGGED_CHANNELS } from '../../shared/domain/channel.ts';
import { parseDecimalInteger } from '../../shared/domain/digits.ts';
import { normaliseNationalId } from '../../shared/domain/national-id.ts';
import { normalisePhone } from '../../shared/domain/phone.ts';
import { TICKET_TYPES } from '../../shared/domain/ticket.ts';
import { IDEMPOTENCY_KEY } from './http.ts';

/** Request shapes of the inbox's routes on the staff API, validated at the edge. */
/** A file sent as base64 in JSON; API Gateway's 10 MB payload limit bounds the whole request further. */
export const uploadSchema = z.pipe(
  z.strictObject({
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
    base64: z.base64().check(z.maxLength(7_000_000)),
  }),
  z.transform(({ base64, ...file }) => ({ ...file, body: Buffer.from(base64, 'base64') })),
);

/** A whole number from a query or path: decimal digits only (`0x10`, `1e2`, ` ` are not numbers here). */
export const decimalInteger = (min: number, max: number) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text, context) => {
        const value = parseDecimalInteger(text);
        if (value === undefined) {
          context.issues.push({ code: 'custom', message: 'invalid_value', input: text });
          return z.NEVER;
        }
        return value;
      }),
    ),
    z.number().check(z.int(), z.gte(min), z.lte(max)),
  );

export const attachmentPathSchema = z.object({
  messageId: z.string().check(z.minLength(1), z.maxLength(64)),
  index: decimalInteger(0, 100),
});

export const staffContactSchema = z.strictObject({
  channel: z.enum(STAFF_LOGGED_CHANNELS),
  idempotencyKey: z.string().check(z.minLength(8), z.maxLength(64), z.regex(IDEMPOTENCY_KEY)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  phone: z.pipe(
    z.optional(z.string()),
    z.transform((value, context) => {
      if (!value?.trim()) return undefined;
      const phone = normalisePhone(value);
      if (!phone) context.issues.push({ code: 'custom', message: 'invalid_phone', input: value });
      return phone;
    }),
  ),
  email: z.optional(z.email().check(z.maxLength(254), z.toLowerCase())),
  nationalId: z.pipe(
    z.optional(z.string()),
    z.transform((value, context) => {
      if (!value?.trim()) return undefined;
      const id = normaliseNationalId(value);
      if (!id) context.issues.push({ code: 'custom', message: 'invalid_national_id', input: value });
      return id;
    }),
  ),
  subject: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(10_000)),
  type: z.optional(z.enum(TICKET_TYPES)),
  scan: z.optional(uploadSchema),
});
