import * as z from 'zod/mini';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { fieldError } from '../../../shared/domain/field-messages.ts';

/** Per partition: the sort key of the last ticket handed out, or null once the partition is exhausted. */
export type Cursor = Record<string, string | null>;

// The cursor comes back from the client: anything but this shape (a number, a list, a nested map) would reach
// DynamoDB as a key value and fail there as a 500.
const cursorSchema = z.record(
  z.string().check(z.maxLength(512)),
  z.nullable(z.string().check(z.maxLength(512))),
);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor {
  if (!cursor) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw new InvalidCursorError();
  return result.data;
}

export class InvalidCursorError extends ValidationError {
  constructor() {
    super([fieldError('cursor', 'invalid_value')], 'The page cursor is not valid');
  }
}
