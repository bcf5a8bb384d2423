/**
 * Where the staff id token comes from. Locally it is the local identity provider's password sign-in; in AWS the
 * same token comes from Cognito's hosted sign-in. Only this module knows which.
 */
const KEY = 'sanad.idToken';

export interface SignedIn {
  idToken: string;
}

export async function signInWithPassword(email: string, password: string): Promise<SignedIn | undefined> {
  const response = await fetch('/auth/local/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status === 401) return undefined;
  if (!response.ok) throw new Error(`Sign-in failed: ${response.status}`);
  const { idToken } = (await response.json()) as SignedIn;
  sessionStorage.setItem(KEY, idToken);
  return { idToken };
}

export function currentToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
