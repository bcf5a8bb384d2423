/** Cognito's hosted sign-in, as an OAuth 2.0 authorization code grant with PKCE (a browser is a public client). */
export interface HostedSignInConfig {
  /** The user pool domain, e.g. https://sanad.auth.me-south-1.amazoncognito.com */
  domain: string;
  clientId: string;
  redirectUri: string;
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export function randomVerifier(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(48)));
}

/** RFC 7636 S256: base64url(SHA-256(verifier)), the only method Cognito takes. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export function authorizeUrl(config: HostedSignInConfig, challenge: string, state: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  return `${config.domain}/oauth2/authorize?${params}`;
}

/**
 * The inbox route the reader had open when sent to sign in (`#/tickets/{id}`, say, from a notice email), kept to
 * return to after Cognito's redirect, which comes back to the inbox's root; anything but a route is dropped.
 */
export function inboxRouteOf(hash: string): string {
  return /^#\/[\w\-./%~]*$/.test(hash) ? hash : '';
}

export function tokenRequest(config: HostedSignInConfig, code: string, verifier: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }).toString(),
  };
}
