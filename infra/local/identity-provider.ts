import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import type { StaffUser } from '../../shared/domain/staff.ts';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;

export const LOCAL_AUDIENCE = 'sanad-local';
export const LOCAL_ISSUER = 'urn:sanad:local-identity-provider';
const TOKEN_LIFETIME_SECONDS = 8 * 3600;

/**
 * Stands in for Cognito in `npm start`: an RS256 key pair kept in the data folder, a JWKS, and id tokens with
 * Cognito's claims (`token_use`, `cognito:groups`), so the same verifier checks both.
 */
export class LocalIdentityProvider {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: CryptoKey,
    readonly jwks: JSONWebKeySet,
  ) {}

  /** Keys persist in `keyFile` so tokens survive a restart; without it they live as long as the process. */
  static async open(keyFile: string | undefined, issuer = LOCAL_ISSUER): Promise<LocalIdentityProvider> {
    let stored: { privateJwk: JWK; publicJwk: JWK };
    try {
      if (!keyFile) throw new Error('no key file');
      stored = JSON.parse(await readFile(keyFile, 'utf8'));
    } catch {
      const pair = await generateKeyPair('RS256', { extractable: true });
      stored = {
        privateJwk: await exportJWK(pair.privateKey),
        publicJwk: {
          ...(await exportJWK(pair.publicKey)),
          kid: randomBytes(8).toString('hex'),
          alg: 'RS256',
          use: 'sig',
        },
      };
      if (keyFile) {
        await mkdir(dirname(keyFile), { recursive: true });
        await writeFile(keyFile, JSON.stringify(stored), { mode: 0o600 });
      }
    }
    const privateKey = (await importJWK(stored.privateJwk, 'RS256')) as CryptoKey;
    return new LocalIdentityProvider(issuer, privateKey, { keys: [stored.publicJwk] });
  }

  async issueIdToken(user: StaffUser, lifetimeSeconds = TOKEN_LIFETIME_SECONDS): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return this.signClaims({
      token_use: 'id',
      email: user.email,
      name: user.name,
      'cognito:groups': user.roles,
      sub: user.id,
      iss: this.issuer,
      aud: LOCAL_AUDIENCE,
      iat: now,
      exp: now + lifetimeSeconds,
    });
  }

  /** Signs exactly the claims given with this provider's key (tests forge tokens the verifier must refuse). */
  async signClaims(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.jwks.keys[0]?.kid })
      .sign(this.privateKey);
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}
