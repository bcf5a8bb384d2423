/** Ticket references: SND-YYYY-NNNNNN, numbered per year from an atomic counter. */
const REFERENCE_PATTERN = /SND-(\d{4})-(\d{6,})/;

export function formatReference(year: number, sequence: number): string {
  return `SND-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Finds a reference token such as `[#SND-2026-000123]` (or the bare reference) in a subject or text. */
export function findReference(text: string): string | undefined {
  const match = REFERENCE_PATTERN.exec(text);
  return match ? match[0] : undefined;
}

export function isReference(text: string): boolean {
  return new RegExp(`^${REFERENCE_PATTERN.source}$`).test(text);
}
