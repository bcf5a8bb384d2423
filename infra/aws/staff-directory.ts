import { CfnOutput, Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ROLES } from '../../shared/domain/staff.ts';
import { pascal } from './names.ts';

/** How long an invitation's temporary password works (Cognito's own limit is 365). */
export const TEMPORARY_PASSWORD_DAYS = 3;

/**
 * The invitation Cognito emails, in Arabic then English: where to sign in (the inbox, once its address is known),
 * the sign-in name and the temporary password (Cognito's `{username}` and `{####}`, both required), and for how
 * long it works. Before the address is known (a first deploy), it says the address follows: the deploy that names
 * it sends the first admin's invitation again (functions/handlers/bootstrap.ts), with a new password.
 */
export function invitationMessage(webAppUrl: string | undefined): cognito.UserInvitationConfig {
  const url = webAppUrl && `${webAppUrl.replace(/\/+$/, '')}/`;
  const link = url && `<a href="${url}">${url}</a>`;
  const days = TEMPORARY_PASSWORD_DAYS;
  const arabic = [
    'دُعيت إلى سند، صندوق وارد الجمعية.',
    link
      ? `ادخل من ${link} ببريدك الإلكتروني (اسم المستخدم {username}) وكلمة المرور المؤقتة {####}، ثم اختر كلمة مرورك واربط تطبيق المصادقة.`
      : 'اسم المستخدم {username} وكلمة المرور المؤقتة {####}. سيصلك عنوان صندوق الوارد في رسالة ثانية حين يُجهَّز، بكلمة مرور مؤقتة جديدة: ادخل بما في أحدث رسالة.',
    `كلمة المرور المؤقتة صالحة ${days} أيام.`,
  ];
  const english = [
    "You are invited to Sanad, the society's inbox.",
    link
      ? `Sign in at ${link} with your email address (user name {username}) and the temporary password {####}, then choose your own password and set up your authenticator app.`
      : "User name {username}, temporary password {####}. The inbox's address comes in a second email once it is ready, with a new temporary password: sign in with the latest one.",
    `The temporary password works for ${days} days.`,
  ];
  const paragraphs = (lines: string[]) => lines.map((line) => `<p>${line}</p>`).join('');
  return {
    emailSubject: 'دعوة إلى سند · Your invitation to Sanad',
    emailBody: `<div dir="rtl" lang="ar">${paragraphs(arabic)}</div><div dir="ltr" lang="en">${paragraphs(english)}</div>`,
  };
}

/**
 * Staff sign in to Cognito; each role is a group, read from the id token's `cognito:groups`. Once the inbox's
 * address is known, its hosted sign-in page (authorization code with PKCE) sends staff back there.
 */
export function createStaffDirectory(stack: Stack, webAppUrl: string | undefined) {
  const userPool = new cognito.UserPool(stack, 'Staff', {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    autoVerify: { email: true },
    standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true } },
    passwordPolicy: {
      minLength: 12,
      requireDigits: true,
      requireLowercase: true,
      requireUppercase: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(TEMPORARY_PASSWORD_DAYS),
    },
    // Every invitation (the first admin's at deployment, later staff's through POST /api/staff) says where to
    // sign in, with what, and for how long.
    userInvitation: invitationMessage(webAppUrl),
    // Staff see beneficiaries' national ids and incomes: a second factor, by authenticator app.
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { sms: false, otp: true },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    // Plus: compromised-credential checks and adaptive sign-in risk; priced per active user, and staff are few.
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const role of ROLES) {
    userPool.addGroup(pascal(role), { groupName: role, description: `Sanad ${role}` });
  }
  const client = userPool.addClient('Inbox', {
    authFlows: { userSrp: true },
    generateSecret: false,
    preventUserExistenceErrors: true,
    idTokenValidity: Duration.hours(1),
    accessTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(7),
    // The inbox signs in by authorization code with PKCE (web/src/lib/api/cognito.ts), never the implicit grant.
    // Before its address is known there is nowhere to return to: no OAuth at all, rather than CDK's default of
    // both grants, every scope and https://example.com.
    ...(webAppUrl
      ? {
          oAuth: {
            flows: { authorizationCodeGrant: true },
            scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
            callbackUrls: [`${webAppUrl.replace(/\/+$/, '')}/`],
            logoutUrls: [`${webAppUrl.replace(/\/+$/, '')}/`],
          },
        }
      : { disableOAuth: true }),
  });
  const domain = webAppUrl
    ? userPool.addDomain('StaffSignIn', { cognitoDomain: { domainPrefix: `sanad-staff-${stack.account}` } })
    : undefined;
  if (domain) new CfnOutput(stack, 'SignInDomain', { value: domain.baseUrl() });
  return { userPool, client, domain };
}
