/** One setting's field as it was and as it became, for the audit page. */
export interface FieldChange {
  field: string;
  from?: string;
  to?: string;
}

const shown = (value: unknown): string | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The fields that differ between a setting before and after a change (all of them when it was created); a value
 * that is not an object is one change of the whole setting.
 */
export function changedFields(from: unknown, to: unknown): FieldChange[] {
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  // Removed: only what it was.
  if (to === null) return [{ field: '', from: shown(from) }];
  if (!isRecord(to) || (from !== undefined && !isRecord(from)))
    return [{ field: '', from: shown(from), to: shown(to) }];
  const before = from ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(to)])];
  return fields
    .filter((field) => shown(before[field]) !== shown(to[field]))
    .map((field) => ({ field, from: shown(before[field]), to: shown(to[field]) }));
}
