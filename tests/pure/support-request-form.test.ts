import { describe, expect, it } from 'vitest';
import { supportRequestSchema } from '../../functions/channels/webform/support-request.ts';
import { validate } from '../../functions/lib/http.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { anApplication, TINY_PDF } from '../support/support-request.ts';

/** The codes of the fields a form is refused for, by field. */
function refusals(form: Record<string, unknown>): Record<string, string> {
  try {
    validate(supportRequestSchema, form);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return Object.fromEntries(error.fields.map((field) => [field.field, field.code]));
  }
  return {};
}

describe('the support-request form', () => {
  it('accepts a complete application and normalises it (Latin digits, E.164 mobile)', () => {
    const form = validate(
      supportRequestSchema,
      anApplication({
        nationalId: '١٠٠٠٠٠٠٠٠٨',
        phone: '٠٥٥١٢٣٤٥٦٧',
        householdMembers: '٧',
        monthlyIncome: '١٥٠٠٫٥',
      }),
    );
    expect(form).toMatchObject({
      nationalId: '1000000008',
      phone: '+966551234567',
      householdMembers: 7,
      monthlyIncome: 1500.5,
    });
    expect(form.documents.map((document) => document.kind)).toEqual(['identity', 'income_proof']);
    expect(Buffer.from(form.documents[0]?.upload.body ?? []).equals(TINY_PDF)).toBe(true);
  });

  it('names every missing field', () => {
    expect(refusals({})).toEqual({
      name: 'required',
      nationalId: 'required',
      phone: 'required',
      branch: 'required',
      householdMembers: 'required',
      monthlyIncome: 'required',
      requestType: 'required',
      description: 'required',
      declaration: 'declaration_required',
    });
  });

  it('says a digit seems wrong when the check digit fails, and the shape when it is not ten digits from 1 or 2', () => {
    expect(refusals(anApplication({ nationalId: '1000000009' }))).toEqual({
      nationalId: 'national_id_digit_wrong',
    });
    expect(refusals(anApplication({ nationalId: '10000000' }))).toEqual({
      nationalId: 'invalid_national_id',
    });
    expect(refusals(anApplication({ nationalId: '٣٠٠٠٠٠٠٠٠٤' }))).toEqual({
      nationalId: 'invalid_national_id',
    });
    expect(refusals(anApplication({ nationalId: '2000000006' }))).toEqual({});
  });

  it('wants a Saudi mobile number', () => {
    expect(refusals(anApplication({ phone: '0112345678' }))).toEqual({ phone: 'invalid_saudi_mobile' });
    expect(refusals(anApplication({ phone: '+201001234567' }))).toEqual({ phone: 'invalid_saudi_mobile' });
    expect(refusals(anApplication({ phone: '00966551234567' }))).toEqual({});
  });

  it('checks the email only when given', () => {
    expect(refusals(anApplication({ email: 'not-an-email' }))).toEqual({ email: 'invalid_email' });
    expect(refusals(anApplication({ email: '' }))).toEqual({});
  });

  it.each([
    ['only zero-width characters', '\u200B\u200C\u200D\uFEFF'],
    ['a direction override and a space', '\u202E '],
    ['only shaddas', '\u0651\u0651\u0651'],
    ['only tatweel', 'ـــ'],
  ])('takes a name of %s as no name', (_what, name) => {
    expect(refusals(anApplication({ name }))).toEqual({ name: 'required' });
  });

  it('refuses a name holding a control character, and keeps a description free of them but its lines', () => {
    expect(refusals(anApplication({ name: 'أم\u0000 سعد' }))).toEqual({ name: 'invalid_value' });
    const form = validate(
      supportRequestSchema,
      anApplication({ description: 'نحتاج إلى\u0007 دعم\r\n\tللإيجار\u001B المتأخر', name: 'مُحمّد' }),
    );
    expect(form).toMatchObject({ description: 'نحتاج إلى دعم\n\tللإيجار المتأخر', name: 'مُحمّد' });
    expect(refusals(anApplication({ description: '\u0000'.repeat(12) }))).toEqual({
      description: 'required',
    });
  });

  it('keeps family members between 1 and 30 and income at zero or more', () => {
    expect(refusals(anApplication({ householdMembers: 0 }))).toEqual({
      householdMembers: 'invalid_household_members',
    });
    expect(refusals(anApplication({ householdMembers: 31 }))).toEqual({
      householdMembers: 'invalid_household_members',
    });
    expect(refusals(anApplication({ householdMembers: 2.5 }))).toEqual({
      householdMembers: 'invalid_household_members',
    });
    expect(refusals(anApplication({ monthlyIncome: -1 }))).toEqual({ monthlyIncome: 'invalid_income' });
    expect(refusals(anApplication({ monthlyIncome: 'كثير' }))).toEqual({ monthlyIncome: 'invalid_income' });
    expect(refusals(anApplication({ monthlyIncome: 0 }))).toEqual({});
  });

  it('offers only the society’s request types, and takes a branch by its id', () => {
    // Which branches exist is configuration: tests/runtime/branch-admin.test.ts refuses one the society lacks.
    expect(refusals(anApplication({ branch: 'فرع جدة' }))).toEqual({ branch: 'invalid_value' });
    // The form's empty choice is a field left empty, not a wrong one.
    expect(refusals(anApplication({ branch: '' }))).toEqual({ branch: 'required' });
    expect(refusals(anApplication({ requestType: 'loan' }))).toEqual({ requestType: 'invalid_value' });
  });

  it('asks for a description of at least a few words', () => {
    expect(refusals(anApplication({ description: 'دعم' }))).toEqual({ description: 'too_short' });
  });

  it('refuses the application without the declaration', () => {
    expect(refusals(anApplication({ declaration: false }))).toEqual({ declaration: 'declaration_required' });
    expect(refusals(anApplication({ declaration: 'yes' }))).toEqual({ declaration: 'declaration_required' });
  });

  it('refuses a filled honeypot', () => {
    expect(refusals(anApplication({ website: 'http://spam.example' }))).toEqual({ website: 'invalid_value' });
  });

  it('refuses an empty document as empty, whatever type it claims', () => {
    const empty = { kind: 'identity', name: 'هوية.pdf', contentType: 'application/pdf', base64: '' };
    expect(refusals(anApplication({ documents: [empty] }))).toEqual({ 'documents.0.base64': 'file_empty' });
  });

  it('refuses documents of another type, or whose content is not what they claim', () => {
    const exe = Buffer.from('MZ\x90\x00 not a document').toString('base64');
    expect(
      refusals(
        anApplication({
          documents: [
            { kind: 'identity', name: 'a.exe', contentType: 'application/x-msdownload', base64: exe },
          ],
        }),
      ),
    ).toEqual({ 'documents.0.contentType': 'file_type_not_accepted' });
    expect(
      refusals(
        anApplication({
          documents: [{ kind: 'identity', name: 'a.pdf', contentType: 'application/pdf', base64: exe }],
        }),
      ),
    ).toEqual({ 'documents.0.contentType': 'file_type_not_accepted' });
  });

  it('refuses a document over 3 MB and documents over 4 MB together', () => {
    const pdfOf = (bytes: number) =>
      Buffer.concat([TINY_PDF, Buffer.alloc(bytes - TINY_PDF.length)]).toString('base64');
    const big = {
      kind: 'identity',
      name: 'big.pdf',
      contentType: 'application/pdf',
      base64: pdfOf(3 * 1024 * 1024 + 1),
    };
    expect(refusals(anApplication({ documents: [big] }))).toEqual({ 'documents.0.base64': 'file_too_large' });
    const half = {
      kind: 'other',
      name: 'half.pdf',
      contentType: 'application/pdf',
      base64: pdfOf(2.5 * 1024 * 1024),
    };
    expect(refusals(anApplication({ documents: [half, half] }))).toEqual({ documents: 'files_too_large' });
  });

  it('refuses a document with a blank name or unreadable content by its field, not with a server error', () => {
    const pdf = {
      kind: 'identity',
      name: 'a.pdf',
      contentType: 'application/pdf',
      base64: TINY_PDF.toString('base64'),
    };
    expect(refusals(anApplication({ documents: [{ ...pdf, name: ' ' }] }))).toEqual({
      'documents.0.name': 'required',
    });
    expect(refusals(anApplication({ documents: [pdf, { ...pdf, base64: '!!' }] }))).toEqual({
      'documents.1.base64': 'invalid_value',
    });
  });

  it('refuses fields it does not know', () => {
    expect(refusals(anApplication({ admin: true }))).toEqual({ admin: 'unknown_field' });
  });
});
