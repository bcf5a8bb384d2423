import { sha256Hex } from './sha256.ts';

/**
 * A slip's short link is `/s/{code}`: ten characters someone can type from paper (Crockford's base32 in lower
 * case, no i, l, o or u to misread), 50 random bits, which a guesser cannot find among the few open slips.
 */
const CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 10;
const CODE_PATTERN = /^[0-9a-hjkmnp-tv-z]{10}$/;

export function newShortCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  // 32 letters: the low five bits of a random byte pick one without bias.
  return [...bytes].map((byte) => CODE_ALPHABET[byte & 31]).join('');
}

export function isShortCodeShape(code: string): boolean {
  return CODE_PATTERN.test(code);
}

export function shortLink(publicApiUrl: string, code: string): string {
  return `${publicApiUrl.replace(/\/+$/, '')}/s/${code}`;
}

/** A short link as stored: found by its code's hash, the survey token sealed under the code itself. */
export interface SurveyShortLink {
  codeHash: string;
  /** The survey token, AES-GCM encrypted with a key only the code gives (base64url of IV and ciphertext). */
  sealedToken: string;
  validUntil: string;
}

/** The stored key of a code (domain-separated from the key that seals the token, so one never gives the other). */
export function shortCodeHash(code: string): Promise<string> {
  return sha256Hex(`short-link-id:${code}`);
}

/**
 * Only a survey token's hash is stored, so that a copy of the table cannot answer surveys; the short link has to
 * lead to the token, so it keeps it sealed under the code: the table alone opens nothing.
 */
export async function sealSurveyToken(code: string, token: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await keyOf(code),
    new TextEncoder().encode(token),
  );
  return toBase64Url(new Uint8Array([...iv, ...new Uint8Array(sealed)]));
}

/** The survey token a short link leads to; undefined when the code is not the one it was sealed under. */
export async function openSurveyToken(code: string, sealedToken: string): Promise<string | undefined> {
  try {
    const bytes = fromBase64Url(sealedToken);
    const token = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12) },
      await keyOf(code),
      bytes.slice(12),
    );
    return new TextDecoder().decode(token);
  } catch {
    return undefined;
  }
}

async function keyOf(code: string): Promise<CryptoKey> {
  const material = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`short-link-key:${code}`));
  return crypto.subtle.importKey('raw', material, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
