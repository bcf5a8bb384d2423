import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { UnauthorizedError } from '../../shared/domain/errors.ts';
import { type Principal, ROLES, type Role } from '../../shared/domain/staff.ts';
import type { StaffStore } from '../../shared/ports/ticket-store.ts';
import { header } from './http.ts';

export interface TokenVerifierConfig {
  issuer: string;
  /** Cognito app client id in AWS; the local provider's audience in `npm start`. */
  audience: string;
  jwks: { url: string } | { keys: JSONWebKeySet };
}

export interface TokenVerifier {
  principalOf(event: APIGatewayProxyEventV2): Promise<Principal>;
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
  return {
    async principalOf(event) {
      const authorization = header(event, 'authorization');
      const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
      if (!token) throw new UnauthorizedError('A bearer token is required');
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(token, keySet, {
          issuer: config.issuer,
          audience: config.audience,
        }));
      } catch {
        throw new UnauthorizedError('The token is not valid or has expired');
      }
      if (claims.token_use !== 'id' || typeof claims.sub !== 'string') {
        throw new UnauthorizedError('An id token is required');
      }
      const user = await staff.getStaffUser(claims.sub);
      if (!user) throw new UnauthorizedError('This user is not a member of staff');
      return {
        userId: user.id,
        email: user.email,
        name: user.name,
        roles: rolesOf(claims),
        queueIds: user.queueIds,
      };
    },
  };
}

function rolesOf(claims: JWTPayload): Role[] {
  const groups = claims['cognito:groups'];
  if (!Array.isArray(groups)) return [];
  return groups.filter((group): group is Role => (ROLES as readonly string[]).includes(group));
}
