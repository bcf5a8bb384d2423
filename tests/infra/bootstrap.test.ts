import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesizeSanad } from './synth.ts';

// Synthesis takes long on a busy machine; these templates are built twice.
describe('the first-run bootstrap in the stack', { timeout: 120_000 }, () => {
  it('is a Custom::SanadBootstrap resource that invites the admin given by -c adminEmail', () => {
    const { statelessTemplate } = synthesizeSanad({}, { adminEmail: 'admin@society.org.sa' });
    statelessTemplate.resourceCountIs('Custom::SanadBootstrap', 1);
    statelessTemplate.hasResourceProperties('Custom::SanadBootstrap', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BootstrapProviderframeworkonEvent'), 'Arn'] },
      AdminEmail: 'admin@society.org.sa',
    });
    // Its function may create staff accounts in the user pool, and nothing wider there.
    const policies = statelessTemplate.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^BootstrapHandlerRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument
          .Statement,
    ) as Array<{ Action: string | string[]; Resource: unknown }>;
    const cognito = statements.find((statement) =>
      [statement.Action].flat().includes('cognito-idp:AdminCreateUser'),
    );
    expect(cognito?.Resource).toEqual({ 'Fn::ImportValue': expect.stringContaining('Staff') });
  });

  it('changes once the inbox has an address, so that deploy invites a first admin who never signed in again', () => {
    const { statelessTemplate } = synthesizeSanad(
      {},
      { adminEmail: 'admin@society.org.sa', webAppUrl: 'https://d111.cloudfront.net' },
    );
    statelessTemplate.hasResourceProperties('Custom::SanadBootstrap', {
      AdminEmail: 'admin@society.org.sa',
      SignInUrl: 'https://d111.cloudfront.net',
    });
    // It reads whether they signed in (FORCE_CHANGE_PASSWORD) before sending again (AdminCreateUser, RESEND).
    statelessTemplate.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^BootstrapHandlerRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'cognito-idp:AdminGetUser',
            Resource: { 'Fn::ImportValue': Match.stringLikeRegexp('Staff') },
          }),
        ]),
      },
    });
  });

  it('writes the starting configuration even when no admin is named', () => {
    const { statelessTemplate } = synthesizeSanad();
    statelessTemplate.hasResourceProperties('Custom::SanadBootstrap', {
      AdminEmail: Match.absent(),
      SignInUrl: Match.absent(),
    });
  });
});
