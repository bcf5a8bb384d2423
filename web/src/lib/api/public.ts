import type { FieldError } from '../../../../shared/domain/errors.ts';
import { ApiError } from './types.ts';

/** The public API beneficiaries' pages call (no sign-in); the only place those pages call fetch. */
export async function callPublic<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = (await response.json().catch(() => ({}))) as {
    error?: string;
    message?: string;
    fields?: FieldError[];
  };
  if (!response.ok)
    throw new ApiError(
      response.status,
      payload.error ?? 'error',
      payload.message ?? response.statusText,
      payload.fields,
    );
  return payload as T;
}
