/**
 * The inbox holds the staff id token in sessionStorage: a script injected anywhere could read it, so scripts
 * come from the app's own origin only and may talk only to our APIs and Cognito. The same policy is sent by
 * CloudFront in AWS and by `npm start`, so what the browser tests pass is what staff get.
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The mail view's sandboxed frame carries its own <style>; styles cannot carry the token anywhere.
    "style-src 'self' 'unsafe-inline'",
    // Attachments are shown from blob URLs; remote images of a mail only when staff choose to show them (an
    // http: one is upgraded by the browser on an https page).
    "img-src 'self' data: blob: https: http:",
    // Voice notes and clips play from blob URLs the app made.
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    // A PDF attachment is shown in an <object> from a blob URL the app made, which Chromium frames to show it; no
    // plugin content or frame from anywhere else.
    'object-src blob:',
    "frame-src 'self' blob:",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The other security headers of every page: no framing, no type sniffing, no full referrer to other sites. */
export const PAGE_SECURITY_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;

/**
 * The API's CORS for other origins (the society's own sites whose scripts post the public forms): API Gateway's
 * settings in AWS, applied the same way by `npm start`.
 */
export const API_CORS = {
  allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
  exposeHeaders: ['retry-after', 'content-disposition'],
  maxAgeSeconds: 3600,
} as const;
