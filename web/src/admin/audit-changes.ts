/** One setting's field as it was and as it became, for the audit page. */
export interface FieldChange {
  field: string;
  from?: string;
  to?: string;
}

const shown = (value: unknown): string | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

/** Who changed it and when: the entry itself says so, above its fields. */
const BOOKKEEPING = new Set(['updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'version']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A setting's fields, one level of grouping opened (`contact.phone`), without the bookkeeping ones. */
function fieldsOf(setting: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(setting)
      .filter(([field]) => !BOOKKEEPING.has(field))
      .flatMap(([field, value]) =>
        isRecord(value)
          ? Object.entries(value).map(([inner, innerValue]) => [`${field}.${inner}`, innerValue])
          : [[field, value]],
      ),
  );
}

/**
 * The fields that differ between a setting before and after a change (all of them when it was created); a value
 * that is not an object is one change of the whole setting.
 */
export function changedFields(from: unknown, to: unknown): FieldChange[] {
  // Removed: only what it was.
  if (to === null) return [{ field: '', from: shown(from) }];
  if (!isRecord(to) || (from !== undefined && !isRecord(from)))
    return [{ field: '', from: shown(from), to: shown(to) }];
  const before = fieldsOf(from ?? {});
  const after = fieldsOf(to);
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((field) => shown(before[field]) !== shown(after[field]))
    .map((field) => ({ field, from: shown(before[field]), to: shown(after[field]) }));
}
