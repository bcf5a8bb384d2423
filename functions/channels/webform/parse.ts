import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { senderAssurance } from '../../../shared/domain/channel.ts';
import type { Identity } from '../../../shared/domain/identity.ts';
import type { InboundContact } from '../../../shared/domain/inbound-contact.ts';
import { nationalIdProblem, normaliseNationalId } from '../../../shared/domain/national-id.ts';
import { normalisePhone } from '../../../shared/domain/phone.ts';
import { TICKET_TYPES } from '../../../shared/domain/ticket.ts';
import { optionalText, requiredLine, requiredMessage } from '../typed-fields.ts';

/** The website's contact form, validated field by field; every refusal names its field. */
export const webFormSchema = z
  .strictObject({
    name: requiredLine(2, 120),
    phone: optionalText(40).check(
      z.refine((value) => value === undefined || normalisePhone(value) !== undefined, {
        message: 'invalid_phone',
      }),
    ),
    email: z.pipe(optionalText(254), z.optional(z.email())),
    nationalId: optionalText(20).check(
      z.superRefine((value, context) => {
        const problem = value === undefined ? undefined : nationalIdProblem(value);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
    ),
    subject: requiredLine(2, 200),
    message: requiredMessage(2, 5000),
    type: z._default(z.enum(TICKET_TYPES), 'inquiry'),
    language: z.optional(z.enum(['ar', 'en'])),
    /** Honeypot: hidden from people, filled in by bots. */
    website: z.optional(z.string().check(z.maxLength(0, { message: 'invalid_value' }))),
  })
  .check(
    z.refine((form) => form.phone !== undefined || form.email !== undefined, {
      message: 'phone_or_email_required',
      path: ['phone'],
    }),
  );

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
  const idOf = (parts: unknown[]) =>
    createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
  const fields = webFormFields(form);
  // A client's key counts only with the sender's addresses: someone else's key never reveals their reference.
  // Without one, the same form, every field of it, in this window or the one before is the same delivery (a retry
  // across a boundary); one differing in any field (another name, the same phone and words) is a contact of its own.
  const providerMessageId = idempotencyKey
    ? idOf([identities, idempotencyKey])
    : idOf([identities, fields, window]);
  return {
    channel: 'webform',
    providerMessageId,
    ...(!idempotencyKey && { earlierIds: [idOf([identities, fields, window - 1])] }),
    ...(idempotencyKey && {
      fingerprint: createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32),
    }),
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

/** What a form says, in a fixed order: the same form sent again digests the same. */
function webFormFields(form: WebForm) {
  return [
    form.name,
    form.phone,
    form.email,
    form.nationalId,
    form.subject,
    form.message,
    form.type,
    form.language,
  ];
}
