import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CognitoStaffAccounts } from '../../functions/adapters/aws/cognito-staff-accounts.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const accounts = new CognitoStaffAccounts('me-south-1_Pool', new CognitoIdentityProviderClient({}));
const current = { userId: 'sub-1', email: 'reem@sanad.org.sa', roles: ['agent'] as const };
/** The attributes a member of staff's account is given: the email, verified, and the name. */
const staffAttributes = (email: string, name: string) => [
  { Name: 'email', Value: email },
  { Name: 'email_verified', Value: 'true' },
  { Name: 'name', Value: name },
];

beforeEach(() => {
  cognito.reset();
});

describe('staff accounts in Cognito', () => {
  it('answer an email Cognito already has (an invitation racing another) as taken, 409', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new UsernameExistsException({ message: 'User account already exists', $metadata: {} }));
    await expect(
      accounts.invite({ email: 'reem@sanad.org.sa', name: 'ريم الشهري', roles: ['agent'] }),
    ).rejects.toMatchObject({ code: 'email_taken', details: { messageAr: expect.any(String) } });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  it('invite by email with Cognito’s own message, put each role in its group, and answer the sub', async () => {
    cognito.on(AdminCreateUserCommand).resolves({
      User: { Username: 'sub-1', Attributes: [{ Name: 'sub', Value: 'sub-1' }] },
    });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const invited = await accounts.invite({
      email: 'reem@sanad.org.sa',
      name: 'ريم الشهري',
      roles: ['agent', 'researcher'],
    });
    expect(invited).toEqual({ userId: 'sub-1' });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'me-south-1_Pool',
      Username: 'reem@sanad.org.sa',
      UserAttributes: staffAttributes('reem@sanad.org.sa', 'ريم الشهري'),
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: 'me-south-1_Pool', Username: 'sub-1', GroupName: 'agent' },
      { UserPoolId: 'me-south-1_Pool', Username: 'sub-1', GroupName: 'researcher' },
    ]);
  });

  it('send the invitation again, with a new password, only to an account that never signed in', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'sub-1', UserStatus: 'FORCE_CHANGE_PASSWORD' });
    cognito.on(AdminCreateUserCommand).resolves({});
    expect(await accounts.reinviteIfPending({ userId: 'sub-1', email: 'reem@sanad.org.sa' })).toBe(true);
    expect(cognito.commandCalls(AdminGetUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'me-south-1_Pool',
      Username: 'sub-1',
    });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'me-south-1_Pool',
      Username: 'reem@sanad.org.sa',
      MessageAction: 'RESEND',
      DesiredDeliveryMediums: ['EMAIL'],
    });

    cognito.reset();
    cognito.on(AdminGetUserCommand).resolves({ Username: 'sub-1', UserStatus: 'CONFIRMED' });
    expect(await accounts.reinviteIfPending({ userId: 'sub-1', email: 'reem@sanad.org.sa' })).toBe(false);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
  });

  it('refuse to invent an id when Cognito answers without a sub', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'x', Attributes: [] } });
    await expect(accounts.invite({ email: 'a@b.c', name: 'a', roles: ['agent'] })).rejects.toThrow('sub');
  });

  it('change email and name, move between groups by the difference, by sub', async () => {
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(AdminRemoveUserFromGroupCommand).resolves({});
    await accounts.update(current, { email: 'reem@sanad.sa', name: 'ريم', roles: ['supervisor'] });
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'me-south-1_Pool',
      Username: 'sub-1',
      UserAttributes: staffAttributes('reem@sanad.sa', 'ريم'),
    });
    expect(
      cognito.commandCalls(AdminAddUserToGroupCommand).map((call) => call.args[0].input.GroupName),
    ).toEqual(['supervisor']);
    expect(
      cognito.commandCalls(AdminRemoveUserFromGroupCommand).map((call) => call.args[0].input.GroupName),
    ).toEqual(['agent']);
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(0);
  });

  it('disable an account and end its sessions; enable it again', async () => {
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    cognito.on(AdminEnableUserCommand).resolves({});
    await accounts.update(current, { enabled: false });
    expect(cognito.commandCalls(AdminDisableUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'me-south-1_Pool',
      Username: 'sub-1',
    });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)).toHaveLength(0);
    await accounts.update(current, { enabled: true });
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(1);
  });
});
