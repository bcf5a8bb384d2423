import { CognitoStaffAccounts } from '../adapters/aws/cognito-staff-accounts.ts';
import { createTokenVerifier } from '../lib/auth.ts';
import type { AwsParts } from './aws.ts';

/** The check of Cognito's staff tokens: for functions behind staff sign-in. */
export const awsStaffTokens: AwsParts = {
  verifier: (settings) => (staff) => {
    const issuer = `https://cognito-idp.${settings.required('AWS_REGION')}.amazonaws.com/${settings.required('USER_POOL_ID')}`;
    return createTokenVerifier(
      {
        issuer,
        audience: settings.required('USER_POOL_CLIENT_ID'),
        jwks: { url: `${issuer}/.well-known/jwks.json` },
        maxLifetimeSeconds: settings.optional('TOKEN_MAX_LIFETIME_SECONDS'),
      },
      staff,
    );
  },
};

/** Staff sign-in accounts in Cognito's user pool: for the functions that invite and change staff. */
export const awsStaffAccounts: AwsParts = {
  staffAccounts: (settings) => new CognitoStaffAccounts(settings.required('USER_POOL_ID')),
};
