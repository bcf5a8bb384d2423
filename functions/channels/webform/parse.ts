import { createHash } from 'node:crypto';
import * as z from 'zod';
import { senderAssurance } from '../../../shared/domain/channel.ts';
import type { Identity } from '../../../shared/domain/identity.ts';
import type { InboundContact } from '../../../shared/domain/inbound-contact.ts';
import { nationalIdProblem, normaliseNationalId } from '../../../shared/domain/national-id.ts';
import { normalisePhone } from '../../../shared/domain/phone.ts';
import { TICKET_TYPES } from '../../../shared/domain/ticket.ts';

/** A text field the visitor may leave empty: blank is absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value === '' ? undefined : value));

/** The website's contact form, validated field by field; every refusal names its field. */
export const webFormSchema = z
  .strictObject({
    name: z.string().trim().min(2).max(120),
    phone: optionalText(40).refine((value) => value === undefined || normalisePhone(value) !== undefined, {
      message: 'invalid_phone',
    }),
    email: optionalText(254).pipe(z.email().optional()),
    nationalId: optionalText(20).superRefine((value, context) => {
      const problem = value === undefined ? undefined : nationalIdProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
    subject: z.string().trim().min(2).max(200),
    message: z.string().trim().min(2).max(5000),
    type: z.enum(TICKET_TYPES).default('inquiry'),
    language: z.enum(['ar', 'en']).optional(),
    /** Honeypot: hidden from people, filled in by bots. */
    website: z.string().max(0, { message: 'invalid_value' }).optional(),
  })
  .refine((form) => form.phone !== undefined || form.email !== undefined, {
    message: 'phone_or_email_required',
    path: ['phone'],
  });

export type WebForm = z.infer<typeof webFormSchema>;

export interface WebFormDelivery {
  form: WebForm;
  receivedAt: Date;
  /** The client's Idempotency-Key header, when it sends one. */
  idempotencyKey?: string;
}

/** A resubmission of the same form within this window is the same contact, not a new one. */
const RESUBMISSION_WINDOW_MS = 10 * 60_000;

export function webFormToInbound({ form, receivedAt, idempotencyKey }: WebFormDelivery): InboundContact {
  const identities: Identity[] = [];
  const phone = form.phone ? normalisePhone(form.phone) : undefined;
  const assurance = senderAssurance('webform');
  if (phone) identities.push({ kind: 'phone', value: phone, assurance });
  if (form.email) identities.push({ kind: 'email', value: form.email.toLowerCase(), assurance });
  const window = Math.floor(receivedAt.getTime() / RESUBMISSION_WINDOW_MS);
  // A client's key counts only with the sender's addresses: someone else's key never reveals their reference.
  const providerMessageId = createHash('sha256')
    .update(
      JSON.stringify(
        idempotencyKey ? [identities, idempotencyKey] : [identities, form.subject, form.message, window],
      ),
    )
    .digest('hex')
    .slice(0, 32);
  return {
    channel: 'webform',
    providerMessageId,
    identities,
    displayName: form.name,
    nationalId: form.nationalId ? normaliseNationalId(form.nationalId) : undefined,
    subject: form.subject,
    text: form.message,
    attachments: [],
    language: form.language ?? (/[\u0600-\u06FF]/.test(form.message) ? 'ar' : 'en'),
    receivedAt: receivedAt.toISOString(),
    type: form.type,
  };
}
