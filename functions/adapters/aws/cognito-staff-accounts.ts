import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../../../shared/domain/staff.ts';
import type { AccountChange, InvitedAccount, StaffAccounts } from '../../../shared/ports/staff-accounts.ts';

/**
 * Staff accounts in the Cognito user pool: sign-in is by email, each role is a group of the same name (the id
 * token's `cognito:groups`), and Cognito emails the invitation with its own temporary password.
 */
export class CognitoStaffAccounts implements StaffAccounts {
  constructor(
    private readonly userPoolId: string,
    private readonly cognito = new CognitoIdentityProviderClient({}),
  ) {}

  async invite(account: { email: string; name: string; roles: readonly Role[] }): Promise<InvitedAccount> {
    const created = await this.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: this.userPoolId,
        Username: account.email,
        UserAttributes: [
          { Name: 'email', Value: account.email },
          // The admin vouches for the address; the invitation goes there.
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: account.name },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    const userId = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    if (!userId) throw new Error('Cognito created the user without a sub');
    await this.addToGroups(userId, account.roles);
    return { userId };
  }

  /** Addressed by `sub`, which every Admin* call takes as the username and which never changes. */
  async update(
    current: { userId: string; email: string; roles: readonly Role[] },
    change: AccountChange,
  ): Promise<void> {
    const username = current.userId;
    const attributes = [
      ...(change.email
        ? [
            { Name: 'email', Value: change.email },
            { Name: 'email_verified', Value: 'true' },
          ]
        : []),
      ...(change.name ? [{ Name: 'name', Value: change.name }] : []),
    ];
    if (attributes.length > 0) {
      await this.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          UserAttributes: attributes,
        }),
      );
    }
    if (change.roles) {
      await this.addToGroups(
        username,
        change.roles.filter((role) => !current.roles.includes(role)),
      );
      for (const role of current.roles.filter((role) => !change.roles?.includes(role))) {
        await this.cognito.send(
          new AdminRemoveUserFromGroupCommand({
            UserPoolId: this.userPoolId,
            Username: username,
            GroupName: role,
          }),
        );
      }
    }
    if (change.enabled === true)
      await this.cognito.send(
        new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username }),
      );
    if (change.enabled === false) {
      await this.cognito.send(
        new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }),
      );
      // Refresh tokens die too; an id token already issued lapses within the hour (and the record refuses it).
      await this.cognito.send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }),
      );
    }
  }

  private async addToGroups(username: string, roles: readonly Role[]): Promise<void> {
    for (const role of roles) {
      await this.cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: role }),
      );
    }
  }
}
