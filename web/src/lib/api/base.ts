/**
 * Where the API answers: the same origin in `npm start`; in AWS the HTTP API's URL, given to the build as
 * VITE_API_URL (the web app is served by CloudFront, the API by API Gateway, which allows the app's origin).
 */
const API_BASE = (import.meta.env.VITE_API_URL ?? '').replace(/\/+$/, '');

export function apiUrl(path: string): string {
  return `${API_BASE}${path}`;
}
