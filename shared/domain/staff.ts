import { ConflictError } from './errors.ts';

export const ROLES = ['agent', 'researcher', 'committee', 'supervisor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  queueIds: string[];
  /** Away (leave, out of office): no new tickets are assigned to them. */
  away?: boolean;
  /** Most active tickets they carry; the default applies when absent. */
  capacity?: number;
  /** The branch they work from, when they work from one. */
  branch?: string;
  /** Disabled: cannot sign in, gets no tickets; their history keeps their name. */
  disabled?: boolean;
  /** Also receive their notices (escalations) by email, besides the inbox's notification centre. */
  emailNotices?: boolean;
  /** The language their notices are written in; Arabic when unset. */
  language?: 'ar' | 'en';
}

/** The authenticated caller of a staff route, as read from a verified token. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  queueIds: string[];
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/**
 * What a signed-in member may do now: the roles both their token and their record name (one an admin removed is
 * gone at once, one just given comes with their next token), and their record's queues.
 */
export function currentAccess(
  tokenRoles: readonly Role[],
  member: StaffUser,
): Pick<Principal, 'roles' | 'queueIds'> {
  return { roles: tokenRoles.filter((role) => member.roles.includes(role)), queueIds: member.queueIds };
}

/** An email another member's account already signs in with: staff records and accounts are one per email. */
export function emailTaken(): ConflictError {
  return new ConflictError('Another staff member has this email', {
    code: 'email_taken',
    messageAr: 'البريد الإلكتروني مستخدم لموظف آخر',
  });
}
