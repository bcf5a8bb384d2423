import {
  authorizeUrl,
  codeChallenge,
  type HostedSignInConfig,
  inboxRouteOf,
  randomVerifier,
  tokenRequest,
} from './cognito.ts';

/**
 * Where the staff id token comes from, and the only module that knows: Cognito's hosted sign-in when the build
 * names a user pool domain (AWS), else the local identity provider's password sign-in (`npm start`).
 */
const KEY = 'sanad.idToken';
const PENDING = 'sanad.pendingSignIn';

const hosted: HostedSignInConfig | undefined =
  import.meta.env.VITE_COGNITO_DOMAIN && import.meta.env.VITE_COGNITO_CLIENT_ID
    ? {
        domain: import.meta.env.VITE_COGNITO_DOMAIN,
        clientId: import.meta.env.VITE_COGNITO_CLIENT_ID,
        redirectUri: `${location.origin}/`,
      }
    : undefined;

export const usesHostedSignIn = hosted !== undefined;

/** How a password sign-in ended: signed in, refused, or a one-time password that must be replaced first. */
export type PasswordSignIn = 'signedIn' | 'wrong' | 'newPasswordRequired';

export async function signInWithPassword(email: string, password: string): Promise<PasswordSignIn> {
  const response = await fetch('/auth/local/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status === 401) return 'wrong';
  if (response.status === 409) return 'newPasswordRequired';
  if (!response.ok) throw new Error(`Sign-in failed: ${response.status}`);
  sessionStorage.setItem(KEY, ((await response.json()) as { idToken: string }).idToken);
  return 'signedIn';
}

/**
 * A first sign-in with the one-time password an admin handed over: the member's own password replaces it and
 * they are signed in. Answers the server's reason (in both languages) when the new password is refused.
 */
export async function chooseNewPassword(
  email: string,
  password: string,
  newPassword: string,
): Promise<{ ok: true } | { ok: false; status: number; message?: string; messageAr?: string }> {
  const response = await fetch('/auth/local/new-password', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, newPassword }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    idToken?: string;
    message?: string;
    messageAr?: string;
  };
  if (!response.ok || !body.idToken)
    return { ok: false, status: response.status, message: body.message, messageAr: body.messageAr };
  sessionStorage.setItem(KEY, body.idToken);
  return { ok: true };
}

/** Leaves for Cognito's sign-in page; it comes back to the inbox with a code. */
export async function startHostedSignIn(): Promise<void> {
  if (!hosted) return;
  const verifier = randomVerifier();
  const state = randomVerifier();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, route: inboxRouteOf(location.hash) }));
  location.assign(authorizeUrl(hosted, await codeChallenge(verifier), state));
}

/** Back from Cognito: the code is exchanged for tokens and taken off the address bar. */
export async function completeHostedSignIn(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const pending = sessionStorage.getItem(PENDING);
  if (!hosted || !code || !pending) return;
  sessionStorage.removeItem(PENDING);
  const { verifier, state, route } = JSON.parse(pending) as {
    verifier: string;
    state: string;
    route?: string;
  };
  // The code leaves the address bar, and the reader is back on the route they were sent from.
  const returnTo = inboxRouteOf(route ?? '');
  history.replaceState(null, '', location.pathname + returnTo);
  if (returnTo) dispatchEvent(new HashChangeEvent('hashchange'));
  if (params.get('state') !== state) return;
  const response = await fetch(`${hosted.domain}/oauth2/token`, tokenRequest(hosted, code, verifier));
  if (response.ok) sessionStorage.setItem(KEY, ((await response.json()) as { id_token: string }).id_token);
}

export function currentToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
