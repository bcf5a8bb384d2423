import type { FieldError } from '../../../../shared/domain/errors.ts';
import { apiUrl } from './base.ts';
import { ApiError } from './types.ts';

/**
 * The public API beneficiaries' pages call (no sign-in); the only place those pages call fetch. `headers` carries
 * an Idempotency-Key, or a staff member's token when the page is used for a walk-in.
 */
export async function callPublic<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(apiUrl(path), {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
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
      payload,
    );
  return payload as T;
}
