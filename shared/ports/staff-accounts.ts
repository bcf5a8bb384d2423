import type { Role } from '../domain/staff.ts';

/** A new staff member's sign-in account, as the identity provider made it. */
export interface InvitedAccount {
  /** The subject of their id tokens, and so their staff record's id. */
  userId: string;
  /** Locally, the one-time password to hand them (changed at first sign-in); Cognito emails its own. */
  temporaryPassword?: string;
}

/** What changes about an account; absent fields stay as they are. */
export interface AccountChange {
  email?: string;
  name?: string;
  roles?: readonly Role[];
  enabled?: boolean;
}

/**
 * Staff sign-in accounts: Cognito in AWS (each role a group), the local identity provider in `npm start`. The
 * staff record in the table is the use case's; this port keeps who may sign in, and as what.
 */
export interface StaffAccounts {
  invite(account: { email: string; name: string; roles: readonly Role[] }): Promise<InvitedAccount>;
  /**
   * Sends the invitation again, with a new temporary password, when the account has never signed in (its first
   * password lapses after days); answers whether it did. Cognito only: a local invitation is a password to hand over.
   */
  reinviteIfPending?(account: { userId: string; email: string }): Promise<boolean>;
  /** `current` is the account as it is now (its email is how both providers find it). */
  update(
    current: { userId: string; email: string; roles: readonly Role[] },
    change: AccountChange,
  ): Promise<void>;
}
