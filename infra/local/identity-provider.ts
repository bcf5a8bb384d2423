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
import type { LoginRepository } from '../../functions/adapters/dynamodb/login-repository.ts';
import { emailTaken, type StaffUser } from '../../shared/domain/staff.ts';
import type { IdGenerator } from '../../shared/ports/ids.ts';
import type { AccountChange, InvitedAccount, StaffAccounts } from '../../shared/ports/staff-accounts.ts';
import { type LocalRoute, send } from './http-server.ts';

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

/** Cognito's rule for the passwords staff choose, kept here so a local password is no weaker than a real one. */
const PASSWORD_RULE = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{12,256}$/;

/**
 * The local stand-in for Cognito's user directory: an invited member gets a one-time password that must be
 * changed at first sign-in (Cognito's NEW_PASSWORD_REQUIRED); roles and names are read from the staff record
 * when the token is issued, so only the email (the login's key) needs care here.
 */
export class LocalStaffAccounts implements StaffAccounts {
  constructor(
    private readonly logins: LoginRepository,
    private readonly ids: IdGenerator,
  ) {}

  async invite(account: { email: string }): Promise<InvitedAccount> {
    const userId = `u-${this.ids.next().toLowerCase()}`;
    const temporaryPassword = `${randomBytes(12).toString('base64url')}-Aa1`;
    // One account per email even for two invitations at once, as Cognito's username is.
    const created = await this.logins.create(account.email, {
      userId,
      passwordHash: await hashPassword(temporaryPassword),
      mustChangePassword: true,
    });
    if (!created) throw emailTaken();
    return { userId, temporaryPassword };
  }

  async update(current: { email: string }, change: AccountChange): Promise<void> {
    if (!change.email || change.email.toLowerCase() === current.email.toLowerCase()) return;
    const login = await this.logins.find(current.email);
    if (!login) return;
    await this.logins.put(change.email, login);
    await this.logins.remove(current.email);
  }
}

type StaffLookup = (userId: string) => Promise<StaffUser | undefined>;

/** Checked against when the email has no login, so an unknown email takes as long as a wrong password. */
let unknownLoginHash: Promise<string> | undefined;

/** The member behind an email and password, unless the password is wrong or the member is disabled. */
async function checkCredentials(
  logins: LoginRepository,
  staff: StaffLookup,
  email: string,
  password: string,
) {
  const login = await logins.find(email);
  unknownLoginHash ??= hashPassword(randomBytes(16).toString('base64'));
  const matches = await verifyPassword(password, login?.passwordHash ?? (await unknownLoginHash));
  if (!login || !matches) return undefined;
  const user = await staff(login.userId);
  return user && !user.disabled ? { login, user } : undefined;
}

function credentialsOf(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Wrong passwords, as Cognito limits them: five for an email, or fifty from one address, in a quarter of an hour,
 * then sign-in waits out the rest of it. Kept in memory: the local runtime is one process.
 */
class SignInAttempts {
  private readonly failures = new Map<string, number[]>();

  /** Seconds to wait before `keys` may try again; 0 when they may now. */
  waitSeconds(keys: [string, number][], now: number): number {
    let wait = 0;
    for (const [key, limit] of keys) {
      const recent = (this.failures.get(key) ?? []).filter((at) => at > now - SIGN_IN_WINDOW_MS);
      this.failures.set(key, recent);
      if (recent.length >= limit) wait = Math.max(wait, (recent[0] ?? now) + SIGN_IN_WINDOW_MS - now);
    }
    return Math.ceil(wait / 1000);
  }

  failed(keys: [string, number][], now: number): void {
    for (const [key] of keys) this.failures.set(key, [...(this.failures.get(key) ?? []), now]);
  }
}

const SIGN_IN_WINDOW_MS = 15 * 60_000;

/**
 * `POST /auth/local/login` and `POST /auth/local/new-password`: sign-in as Cognito answers it, a one-time
 * password first answered with `new_password_required` until the member chooses their own.
 */
export function localSignInRoutes(
  provider: LocalIdentityProvider,
  logins: LoginRepository,
  staff: StaffLookup,
): Record<string, LocalRoute> {
  const attempts = new SignInAttempts();
  return {
    'POST /auth/local/login': async (request, body, response) => {
      const { email, password } = credentialsOf(body) ?? {};
      if (typeof email !== 'string' || typeof password !== 'string')
        return send(response, 400, {
          error: 'validation_failed',
          message: 'email and password are required',
        });
      const now = Date.now();
      const keys: [string, number][] = [
        [`email#${email.trim().toLowerCase()}`, 5],
        [`address#${request.socket.remoteAddress ?? ''}`, 50],
      ];
      const wait = attempts.waitSeconds(keys, now);
      if (wait > 0)
        return send(
          response,
          429,
          {
            error: 'rate_limited',
            message: 'Too many wrong passwords; try again later',
            messageAr: 'محاولات خاطئة كثيرة لكلمة المرور؛ حاولوا لاحقًا',
            retryAfterSeconds: wait,
          },
          { 'retry-after': String(wait) },
        );
      const found = await checkCredentials(logins, staff, email, password);
      if (!found) {
        attempts.failed(keys, now);
        return send(response, 401, { error: 'unauthorized', message: 'Wrong email or password' });
      }
      if (found.login.mustChangePassword)
        return send(response, 409, {
          error: 'new_password_required',
          message: 'This is a one-time password: choose a new one at POST /auth/local/new-password',
          messageAr: 'هذه كلمة مرور مؤقتة: اختر كلمة مرور جديدة',
        });
      send(response, 200, { idToken: await provider.issueIdToken(found.user), user: found.user });
    },
    'POST /auth/local/new-password': async (_request, body, response) => {
      const { email, password, newPassword } = credentialsOf(body) ?? {};
      if (typeof email !== 'string' || typeof password !== 'string' || typeof newPassword !== 'string')
        return send(response, 400, {
          error: 'validation_failed',
          message: 'email, password and newPassword are required',
        });
      const found = await checkCredentials(logins, staff, email, password);
      if (!found) return send(response, 401, { error: 'unauthorized', message: 'Wrong email or password' });
      if (!PASSWORD_RULE.test(newPassword) || newPassword === password)
        return send(response, 400, {
          error: 'validation_failed',
          message:
            'The new password needs 12 or more characters with a lowercase and an uppercase letter, a digit and a symbol, and must differ from the old one',
          messageAr:
            'كلمة المرور الجديدة ١٢ حرفًا أو أكثر فيها حرف صغير وحرف كبير ورقم ورمز، وتختلف عن القديمة',
        });
      await logins.put(email, {
        userId: found.login.userId,
        passwordHash: await hashPassword(newPassword),
        mustChangePassword: false,
      });
      send(response, 200, { idToken: await provider.issueIdToken(found.user), user: found.user });
    },
  };
}
