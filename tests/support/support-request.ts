import { postJson } from './runtime.ts';
/** The smallest valid files of each accepted type, for document uploads. */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let phoneCounter = 0;

/** A valid support-request form from a new Saudi mobile each time; override any field. */
export function anApplication(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  phoneCounter += 1;
  return {
    name: 'أم عبدالله القحطاني',
    nationalId: '1000000008',
    phone: `0551${String(phoneCounter).padStart(6, '0')}`,
    branch: 'riyadh',
    householdMembers: 6,
    monthlyIncome: 2500,
    requestType: 'productive_project',
    description: 'أرغب في دعم مشروع خياطة منزلي لإعالة أسرتي.',
    documents: [
      {
        kind: 'identity',
        name: 'هوية.pdf',
        contentType: 'application/pdf',
        base64: TINY_PDF.toString('base64'),
      },
      {
        kind: 'income_proof',
        name: 'دخل.png',
        contentType: 'image/png',
        base64: TINY_PNG.toString('base64'),
      },
    ],
    declaration: true,
    ...overrides,
  };
}

interface FormRuntime {
  url: string;
  deps: { store: { findTicketByReference(reference: string): Promise<{ id: string } | undefined> } };
  outbox: { list(channel?: 'sms'): { to: string; payload: string }[] };
}

/** The phone-confirmation codes sent by SMS to a phone, latest last. */
export function confirmationCodesSentTo(runtime: Pick<FormRuntime, 'outbox'>, phone: string): string[] {
  return runtime.outbox
    .list('sms')
    .filter((entry) => entry.to === phone)
    .map((entry) => /رمز تأكيد رقم جوالكم لطلب الدعم: (\d{6})/.exec(JSON.parse(entry.payload).text)?.[1])
    .filter((code): code is string => Boolean(code));
}

/** Types the latest code sent to the applicant's phone into the form's confirmation step. */
export async function confirmPhoneOnTheForm(
  runtime: Pick<FormRuntime, 'url' | 'outbox'>,
  reference: string,
  phone: string,
): Promise<void> {
  const code = confirmationCodesSentTo(runtime, phone).at(-1);
  if (!code) throw new Error(`No confirmation code sent to ${phone}`);
  const response = await fetch(
    `${runtime.url}/public/support-requests/${encodeURIComponent(reference)}/confirm-phone`,
    // As the form sends it: the code with the phone typed.
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, phone }),
    },
  );
  if (response.status !== 200) throw new Error(`Phone not confirmed: ${response.status}`);
}

/**
 * Submits an application on the public form and confirms its phone with the code from the outbox, as the
 * applicant does; answers with its ticket id and the applicant's E.164 phone.
 */
export async function applyOnTheForm(
  runtime: FormRuntime,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; reference: string; phone: string }> {
  const form = anApplication(overrides);
  const response = await fetch(`${runtime.url}/public/support-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(form),
  });
  const body = (await response.json()) as { reference?: string };
  if (response.status !== 201 || !body.reference) throw new Error(`Application refused: ${response.status}`);
  const phone = `+966${String(form.phone).slice(1)}`;
  await confirmPhoneOnTheForm(runtime, body.reference, phone);
  const ticket = await runtime.deps.store.findTicketByReference(body.reference);
  if (!ticket) throw new Error(`No ticket ${body.reference}`);
  return { id: ticket.id, reference: body.reference, phone };
}

/** Staff record the application's verification with its income proof missing: it goes back to the applicant. */
export function returnForIncomeProof(
  runtime: Pick<FormRuntime, 'url'>,
  ticketId: string,
  staffToken: string,
) {
  return postJson(
    `${runtime.url}/api/tickets/${ticketId}/case/record_verification`,
    {
      checklist: {
        identityMatches: true,
        documentsPresent: false,
        dataConsistent: true,
        missing: 'إثبات الدخل',
      },
    },
    { authorization: `Bearer ${staffToken}` },
  );
}
