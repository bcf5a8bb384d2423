import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { emailTaken, type Role } from '../../../shared/domain/staff.ts';
import type { AccountChange, InvitedAccount, StaffAccounts } from '../../../shared/ports/staff-accounts.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from './sdk-on-first-use.ts';

/**
 * Staff accounts in the Cognito user pool: sign-in is by email, each role is a group of the same name (the id
 * token's `cognito:groups`), and Cognito emails the invitation with its own temporary password.
 */
export class CognitoStaffAccounts implements StaffAccounts {
  // Loaded at the first account change: every function that checks staff tokens imports this module with it.
  private readonly cognito: SdkOnFirstUse<
    typeof import('@aws-sdk/client-cognito-identity-provider'),
    CognitoIdentityProviderClient
  >;

  constructor(
    private readonly userPoolId: string,
    client?: CognitoIdentityProviderClient,
  ) {
    this.cognito = sdkOnFirstUse(
      '@aws-sdk/client-cognito-identity-provider',
      (sdk) => new sdk.CognitoIdentityProviderClient({}),
      client,
    );
  }

  async invite(account: { email: string; name: string; roles: readonly Role[] }): Promise<InvitedAccount> {
    const { sdk, client } = this.cognito();
    const created = await client
      .send(
        new sdk.AdminCreateUserCommand({
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
      )
      .catch((error: unknown) => {
        // Another invitation for the same email won the race the staff records could not see.
        if (error instanceof sdk.UsernameExistsException) throw emailTaken();
        throw error;
      });
    const userId = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    if (!userId) throw new Error('Cognito created the user without a sub');
    await this.addToGroups(userId, account.roles);
    return { userId };
  }

  /** FORCE_CHANGE_PASSWORD: invited, never signed in. AdminCreateUser's RESEND mails a new temporary password. */
  async reinviteIfPending(account: { userId: string; email: string }): Promise<boolean> {
    const { sdk, client } = this.cognito();
    const user = await client.send(
      new sdk.AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: account.userId }),
    );
    if (user?.UserStatus !== 'FORCE_CHANGE_PASSWORD') return false;
    await client.send(
      new sdk.AdminCreateUserCommand({
        UserPoolId: this.userPoolId,
        Username: account.email,
        MessageAction: 'RESEND',
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    return true;
  }

  /** Addressed by `sub`, which every Admin* call takes as the username and which never changes. */
  async update(
    current: { userId: string; email: string; roles: readonly Role[] },
    change: AccountChange,
  ): Promise<void> {
    const username = current.userId;
    const { sdk, client } = this.cognito();
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
      await client.send(
        new sdk.AdminUpdateUserAttributesCommand({
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
        await client.send(
          new sdk.AdminRemoveUserFromGroupCommand({
            UserPoolId: this.userPoolId,
            Username: username,
            GroupName: role,
          }),
        );
      }
    }
    if (change.enabled === true)
      await client.send(new sdk.AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    if (change.enabled === false) {
      await client.send(new sdk.AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
      // Refresh tokens die too; an id token already issued lapses within the hour (and the record refuses it).
      await client.send(
        new sdk.AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }),
      );
    }
  }

  private async addToGroups(username: string, roles: readonly Role[]): Promise<void> {
    const { sdk, client } = this.cognito();
    for (const role of roles) {
      await client.send(
        new sdk.AdminAddUserToGroupCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          GroupName: role,
        }),
      );
    }
  }
}
