import * as z from 'zod/mini';
import { BRANCH_ID_PATTERN } from '../../../shared/domain/branches.ts';
import { parseDecimal, toLatinDigits } from '../../../shared/domain/digits.ts';
import type { FieldMessageCode } from '../../../shared/domain/field-messages.ts';
import { linkToken } from '../../../shared/domain/link-token.ts';
import { nationalIdProblem, normaliseNationalId } from '../../../shared/domain/national-id.ts';
import { normalisePhone } from '../../../shared/domain/phone.ts';
import { parseTypedReference } from '../../../shared/domain/reference.ts';
import {
  APPLICATION_DOCUMENT_KINDS,
  MAX_APPLICATION_DOCUMENTS,
  MAX_DOCUMENT_MB,
  MAX_DOCUMENTS_MB,
  SUPPORT_REQUEST_TYPES,
} from '../../../shared/domain/support-application.ts';
import { isBlank } from '../../../shared/domain/typed-text.ts';
import type { SupportRequestSubmission } from '../../../shared/use-cases/submit-support-request.ts';
import { optionalText, requiredLine, requiredMessage } from '../typed-fields.ts';

const MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB * 1024 * 1024;
const MAX_DOCUMENTS_BYTES = MAX_DOCUMENTS_MB * 1024 * 1024;

const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** The first bytes each accepted type starts with: a renamed .exe is not a PDF. */
const SIGNATURES: Record<(typeof ACCEPTED_TYPES)[number], number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
};

/** A number typed in Latin or Arabic-Indic digits (with ٫ or . as decimal point), or sent as a JSON number. */
function numberField(code: FieldMessageCode, accepts: (value: number) => boolean) {
  return z.transform((value: unknown, context) => {
    if (isBlank(value)) {
      context.issues.push({ code: 'custom', message: 'required', input: value });
      return z.NEVER;
    }
    const number =
      typeof value === 'number'
        ? value
        : typeof value === 'string'
          ? (parseDecimal(value) ?? Number.NaN)
          : Number.NaN;
    if (!Number.isFinite(number) || !accepts(number)) {
      context.issues.push({ code: 'custom', message: code, input: value });
      return z.NEVER;
    }
    return number;
  });
}

/**
 * A text field as people type it, at most `maxLength` long: `read` gives its value, or nothing when it cannot be
 * read; then a blank field is refused as `required`, any other with its `problem`.
 */
function typedField<T>(
  maxLength: number,
  read: (value: string) => T | undefined,
  problem: (value: string) => FieldMessageCode | undefined,
) {
  return z.pipe(
    z.string().check(z.maxLength(maxLength)),
    z.transform((value, context) => {
      const typed = read(value);
      if (!typed) {
        context.issues.push({
          code: 'custom',
          message: isBlank(value) ? 'required' : problem(value),
          input: value,
        });
        return z.NEVER;
      }
      return typed;
    }),
  );
}

/** One document as the form sends it, its type checked by its first bytes. */
export const documentSchema = z.pipe(
  z.strictObject({
    kind: z.enum(APPLICATION_DOCUMENT_KINDS),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    contentType: z.string().check(z.maxLength(100)),
    base64: z
      .base64({ message: 'invalid_value' })
      .check(z.maxLength(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 + 4, { message: 'file_too_large' })),
  }),
  z.transform((file, context) => {
    const body = Buffer.from(file.base64, 'base64');
    // An empty file has no type to check: it is refused as empty, not as of the wrong type.
    if (body.length === 0) {
      context.issues.push({ code: 'custom', message: 'file_empty', path: ['base64'], input: file });
      return z.NEVER;
    }
    const contentType = ACCEPTED_TYPES.find((type) => type === file.contentType);
    if (!contentType || !SIGNATURES[contentType].every((byte, index) => body[index] === byte)) {
      context.issues.push({
        code: 'custom',
        message: 'file_type_not_accepted',
        path: ['contentType'],
        input: file,
      });
      return z.NEVER;
    }
    if (body.length > MAX_DOCUMENT_BYTES) {
      context.issues.push({ code: 'custom', message: 'file_too_large', path: ['base64'], input: file });
      return z.NEVER;
    }
    return { kind: file.kind, upload: { name: file.name, contentType, body: new Uint8Array(body) } };
  }),
);

// Run as zod would (after no aborting issue) and only once every document was read: one refused for, say, a
// blank name is still raw input (no bytes), and its own refusal says enough.
const withinTotalSize = z.refine<z.output<typeof documentSchema>[]>(
  (documents) =>
    documents.reduce((total, document) => total + document.upload.body.length, 0) <= MAX_DOCUMENTS_BYTES,
  {
    message: 'files_too_large',
    when: (payload) => payload.issues.every((issue) => issue.continue && !issue.path?.length),
  },
);

/** The support-request form, validated field by field; every refusal names its field in Arabic and English. */
export const supportRequestSchema = z.strictObject({
  name: requiredLine(2, 120),
  nationalId: typedField(30, normaliseNationalId, nationalIdProblem),
  // A Saudi mobile: the acknowledgement and the status codes come by SMS.
  phone: typedField(
    40,
    (value) => {
      const phone = normalisePhone(value);
      return phone && /^\+9665\d{8}$/.test(phone) ? phone : undefined;
    },
    () => 'invalid_saudi_mobile',
  ),
  email: z.pipe(optionalText(254), z.optional(z.email())),
  // Which branches exist is configuration: the use case refuses one the society does not have.
  branch: z.string().check(z.regex(BRANCH_ID_PATTERN, { message: 'invalid_value' })),
  householdMembers: numberField(
    'invalid_household_members',
    (value) => Number.isInteger(value) && value >= 1 && value <= 30,
  ),
  monthlyIncome: numberField('invalid_income', (value) => value >= 0 && value <= 1_000_000),
  requestType: z.enum(SUPPORT_REQUEST_TYPES),
  description: requiredMessage(10, 5000),
  documents: z
    ._default(z.array(documentSchema).check(z.maxLength(MAX_APPLICATION_DOCUMENTS)), [])
    .check(withinTotalSize),
  declaration: z.literal(true, { message: 'declaration_required' }),
  language: z.optional(z.enum(['ar', 'en'])),
  /** Honeypot: hidden from people, filled in by bots. */
  website: z.optional(z.string().check(z.maxLength(0, { message: 'invalid_value' }))),
});

export type SupportRequestForm = z.infer<typeof supportRequestSchema>;

/** The documents an applicant sends through their upload link: checked as on the form, at least one. */
export const missingDocumentsSchema = z.strictObject({
  documents: z
    .array(documentSchema)
    .check(z.minLength(1, { message: 'required' }), z.maxLength(MAX_APPLICATION_DOCUMENTS), withinTotalSize),
});

export function toSubmission(form: SupportRequestForm): SupportRequestSubmission {
  const { website: _honeypot, declaration: _accepted, ...submission } = form;
  return submission;
}

/** A reference as people type it (the number alone, with or without SND, the year or dashes, any digits). */
const referenceField = typedField(40, parseTypedReference, () => 'invalid_reference');

const anyPhone = typedField(40, normalisePhone, () => 'invalid_phone');

/**
 * The signature of a status link from one of our messages (`s=`), which stands for the phone on file. Characters a
 * phone took into the link from the text after it are dropped.
 */
const statusLinkField = z.pipe(z.string().check(z.maxLength(80)), z.transform(linkToken));

/** Step 1 of the status page: the reference and the phone the request was made with, or the link's signature. */
export const statusCodeRequestSchema = z
  .strictObject({ reference: referenceField, phone: z.optional(anyPhone), link: z.optional(statusLinkField) })
  .check(z.superRefine(phoneOrLink));

/** Six digits, Arabic-Indic ones and spaces allowed as typed. */
const oneTimeCodeField = typedField(
  20,
  (value) => {
    const code = toLatinDigits(value).replace(/\s/g, '');
    return /^\d{6}$/.test(code) ? code : undefined;
  },
  () => 'invalid_code',
);

/**
 * The code sent to the phone typed into the form, which confirms it, with that phone (the form sends it): an
 * attempt naming no phone is counted apart from the applicant's own attempts.
 */
export const phoneConfirmationSchema = z.strictObject({
  code: oneTimeCodeField,
  phone: z.optional(anyPhone),
});

/** Asking for the code again, naming the phone typed into the form (the form does). */
export const phoneConfirmationCodeSchema = z.strictObject({ phone: z.optional(anyPhone) });

/** Step 2: the same, with the code that came by SMS. */
export const statusRequestSchema = z
  .strictObject({
    reference: referenceField,
    phone: z.optional(anyPhone),
    link: z.optional(statusLinkField),
    code: oneTimeCodeField,
  })
  .check(z.superRefine(phoneOrLink));

/** Without a link, the phone is what proves the request is the asker's. */
function phoneOrLink(value: { phone?: string; link?: string }, context: z.core.$RefinementCtx): void {
  if (!value.phone && !value.link) context.addIssue({ code: 'custom', path: ['phone'], message: 'required' });
}
