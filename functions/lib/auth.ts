import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { UnauthorizedError } from '../../shared/domain/errors.ts';
import { currentAccess, type Principal, ROLES, type Role } from '../../shared/domain/staff.ts';
import type { StaffStore } from '../../shared/ports/ticket-store.ts';
import { header } from './http.ts';

export interface TokenVerifierConfig {
  issuer: string;
  /** Cognito app client id in AWS; the local provider's audience in `npm start`. */
  audience: string;
  jwks: { url: string } | { keys: JSONWebKeySet };
  /** The longest lifetime (exp − iat) a token may claim; a longer one is refused. Default 24 hours. */
  maxLifetimeSeconds?: number;
}

/** Cognito lets an id token live at most a day; anything claiming longer was not issued by it. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** How far the issuer's clock may be from ours. */
const TOKEN_CLOCK_TOLERANCE_SECONDS = 60;

/** Who signed in, and when their token stops being good (a live socket is closed then). */
export interface StaffSession {
  principal: Principal;
  expiresAt: Date;
}

export interface TokenVerifier {
  principalOf(event: APIGatewayProxyEventV2): Promise<Principal>;
  sessionOf(event: APIGatewayProxyEventV2): Promise<StaffSession>;
}

/**
 * Verifies a bearer id token exactly as Cognito issues them (RS256, issuer, audience, `cognito:groups`).
 * The local identity provider issues the same shape, so this one code path serves both runtimes.
 */
export function createTokenVerifier(
  config: TokenVerifierConfig,
  staff: Pick<StaffStore, 'getStaffUser'>,
): TokenVerifier {
  const keySet =
    'url' in config.jwks ? createRemoteJWKSet(new URL(config.jwks.url)) : createLocalJWKSet(config.jwks.keys);
  const maxLifetime = config.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const sessionOf = async (event: APIGatewayProxyEventV2): Promise<StaffSession> => {
    const authorization = header(event, 'authorization');
    const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token) throw new UnauthorizedError('A bearer token is required');
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keySet, {
        issuer: config.issuer,
        audience: config.audience,
        // A token without an expiry would be good forever; without an issue time its lifetime is unknown.
        requiredClaims: ['exp', 'iat', 'token_use', 'sub'],
        // Also refuses an issue time in the future: with it, the lifetime cap alone would let a token live for years.
        maxTokenAge: maxLifetime,
        clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
      }));
    } catch {
      throw new UnauthorizedError('The token is not valid or has expired');
    }
    const { exp, iat } = claims as { exp: number; iat: number };
    if (exp - iat > maxLifetime) throw new UnauthorizedError('The token claims a longer life than allowed');
    if (claims.token_use !== 'id' || typeof claims.sub !== 'string') {
      throw new UnauthorizedError('An id token is required');
    }
    const user = await staff.getStaffUser(claims.sub);
    if (!user) throw new UnauthorizedError('This user is not a member of staff');
    // A token issued before an admin disabled the member is refused at once, not when it expires.
    if (user.disabled) throw new UnauthorizedError('This account is disabled');
    return {
      principal: {
        userId: user.id,
        email: user.email,
        name: user.name,
        ...currentAccess(rolesOf(claims), user),
      },
      expiresAt: new Date(exp * 1000),
    };
  };
  return {
    sessionOf,
    async principalOf(event) {
      return (await sessionOf(event)).principal;
    },
  };
}

function rolesOf(claims: JWTPayload): Role[] {
  const groups = claims['cognito:groups'];
  if (!Array.isArray(groups)) return [];
  return groups.filter((group): group is Role => (ROLES as readonly string[]).includes(group));
}
