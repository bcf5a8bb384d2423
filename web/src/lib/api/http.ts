import type { FieldError } from '../../../../shared/domain/errors.ts';
import { apiUrl } from './base.ts';
import { currentToken } from './token.ts';

/** An API refusal in one shape for every page: status, the server's reason in both languages, refused fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Each refused field with why, in Arabic and English (validation errors). */
    readonly fields: FieldError[] = [],
    /** Anything else the API said about the refusal (attempts left, the reason in Arabic, seconds to wait). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /**
   * The server's reason in the reader's language: its Arabic one when it sent one; a failure on the server's side
   * (or a gateway's before it) that came without one is said in Arabic all the same.
   */
  localized(language: 'ar' | 'en'): string {
    if (language !== 'ar') return this.message;
    if (typeof this.details.messageAr === 'string') return this.details.messageAr;
    return this.status >= 500 ? SERVER_FAILED_AR : this.message;
  }
}

const SERVER_FAILED_AR = 'حدث خطأ من جهة الخادم، فأعيدوا المحاولة بعد قليل';

/** The request never got an answer (offline, the server unreachable): the browser's own words are English only. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached', { cause });
  }
}

const NETWORK_REASON = {
  ar: 'تعذّر الوصول إلى الخادم، فتحقق من الاتصال بالإنترنت وأعد المحاولة',
  en: 'the server could not be reached; check the internet connection and try again',
} as const;

let unauthorized: () => void = () => undefined;

/** Called when the API refuses the staff token (expired, revoked): the session ends and sign-in shows again. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

export interface CallOptions {
  /** An Idempotency-Key, for instance. */
  headers?: Record<string, string>;
  /** Beneficiaries' pages: no staff token rides along, and a 401 is the page's to explain (a wrong code). */
  anonymous?: boolean;
}

/**
 * Every request the web app makes to the API: the staff token added, a refused token ending the session, a
 * refusal read into an ApiError. The answer is returned as is (JSON, or a file for `blob()`).
 */
export async function send(
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Response> {
  const token = options.anonymous ? undefined : currentToken();
  const response = await fetch(apiUrl(path), {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((error: unknown) => {
    throw new NetworkError(error);
  });
  if (response.ok) return response;
  if (response.status === 401 && token) unauthorized();
  const payload = (await response.json().catch(() => ({}))) as {
    error?: string;
    message?: string;
    fields?: FieldError[];
  };
  throw new ApiError(
    response.status,
    payload.error ?? 'error',
    payload.message ?? response.statusText,
    payload.fields,
    payload,
  );
}

/** A request whose answer is JSON. */
export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<T> {
  const response = await send(method, path, body, options);
  return (await response.json().catch(() => ({}))) as T;
}

/** Why something failed, for a line staff read: the server's reason in their language when it gave one. */
export function reasonOf(error: unknown, language: 'ar' | 'en'): string {
  if (error instanceof ApiError) return error.localized(language);
  if (error instanceof NetworkError) return NETWORK_REASON[language];
  return error instanceof Error ? error.message : String(error);
}
