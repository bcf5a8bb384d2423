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
}

/** The authenticated caller of a staff route, as read from a verified token. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  queueIds: string[];
}

/** Roles that see every queue. */
const ALL_QUEUE_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

export function canSeeQueue(principal: Principal, queueId: string): boolean {
  return hasRole(principal, ...ALL_QUEUE_ROLES) || principal.queueIds.includes(queueId);
}

/** Managers read everything but answer nothing: their work is reports. */
export function canWriteInQueue(principal: Principal, queueId: string): boolean {
  if (hasRole(principal, 'supervisor', 'admin')) return true;
  return hasRole(principal, 'agent', 'researcher', 'committee') && principal.queueIds.includes(queueId);
}
