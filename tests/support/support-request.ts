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

/** Submits an application on the public form; answers with its ticket id and the applicant's E.164 phone. */
export async function applyOnTheForm(
  runtime: {
    url: string;
    deps: { store: { findTicketByReference(reference: string): Promise<{ id: string } | undefined> } };
  },
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
  const ticket = await runtime.deps.store.findTicketByReference(body.reference);
  if (!ticket) throw new Error(`No ticket ${body.reference}`);
  return { id: ticket.id, reference: body.reference, phone: `+966${String(form.phone).slice(1)}` };
}
