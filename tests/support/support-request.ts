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
