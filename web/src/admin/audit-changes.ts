/** One setting's field as it was and as it became, for the audit page. */
export interface FieldChange {
  field: string;
  from?: string;
  to?: string;
}

/**
 * How values read in the page's language: yes or no for a switch, and an item of a list (a role, channel, queue)
 * or an id field (a branch) by its label when `label` knows one; lists are joined with `separator`.
 */
export interface ValueWords {
  yes: string;
  no: string;
  separator: string;
  /** An empty list. */
  none: string;
  number: (value: number) => string;
  /** The label of one value of a field (`roles`, `agent`), or undefined to show it as it is. */
  label: (field: string, value: string) => string | undefined;
}

/** The raw value, what two versions are compared by. */
const raw = (value: unknown): string | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function shown(field: string, value: unknown, words?: ValueWords): string | undefined {
  if (value === undefined || !words) return raw(value);
  const scalar = (item: string | number | boolean): string =>
    typeof item === 'boolean'
      ? item
        ? words.yes
        : words.no
      : typeof item === 'number'
        ? words.number(item)
        : (words.label(field, item) ?? item);
  if (isScalar(value)) return scalar(value);
  // A list of values (roles, queues, keywords) reads as words; a list of records (rules) stays as it is stored.
  if (Array.isArray(value) && value.every(isScalar))
    return value.length === 0 ? words.none : value.map(scalar).join(words.separator);
  return raw(value);
}

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
 * that is not an object is one change of the whole setting. With `words`, values read as staff say them (yes/no,
 * labels for roles, channels, queues); without, as they are stored.
 */
export function changedFields(from: unknown, to: unknown, words?: ValueWords): FieldChange[] {
  // Removed: only what it was.
  if (to === null) return [{ field: '', from: shown('', from, words) }];
  if (!isRecord(to) || (from !== undefined && !isRecord(from)))
    return [{ field: '', from: shown('', from, words), to: shown('', to, words) }];
  const before = fieldsOf(from ?? {});
  const after = fieldsOf(to);
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((field) => raw(before[field]) !== raw(after[field]))
    .map((field) => ({
      field,
      from: shown(field, before[field], words),
      to: shown(field, after[field], words),
    }));
}
