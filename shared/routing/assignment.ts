import type { Queue } from '../domain/queue.ts';
import type { StaffUser } from '../domain/staff.ts';

/** How many active tickets an agent carries at most unless their profile says otherwise. */
export const DEFAULT_AGENT_CAPACITY = 20;

export interface AgentLoad {
  user: StaffUser;
  /** Active tickets assigned to them now. */
  load: number;
}

const ASSIGNABLE_ROLES = ['agent', 'researcher', 'committee'] as const;

/** The queue members a ticket may be given to: working roles, present and enabled, in that queue. */
export function assignableMembers(users: StaffUser[], queueId: string): StaffUser[] {
  return users.filter(
    (user) =>
      !user.away &&
      !user.disabled &&
      user.queueIds.includes(queueId) &&
      user.roles.some((role) => (ASSIGNABLE_ROLES as readonly string[]).includes(role)),
  );
}

/**
 * Least-loaded member under their capacity (their own, else the queue's, else the house's); ties go to the
 * earliest id so the choice is stable.
 */
export function chooseAssignee(loads: AgentLoad[], queueCapacity?: number): StaffUser | undefined {
  return loads
    .filter(({ user, load }) => load < (user.capacity ?? queueCapacity ?? DEFAULT_AGENT_CAPACITY))
    .sort((a, b) => a.load - b.load || a.user.id.localeCompare(b.user.id))[0]?.user;
}

/** Where assignment reads the staff and their current loads. */
export interface AssignmentSource {
  listQueues(): Promise<Queue[]>;
  listStaffUsers(): Promise<StaffUser[]>;
  /** Each agent's open tickets, read together (one request, not one per member). */
  activeTicketCounts(userIds: string[]): Promise<Map<string, number>>;
}

/** A queue's assignable members and their loads (`except` left out), or undefined for a queue that does not assign. */
export async function queueLoads(
  source: AssignmentSource,
  queueId: string,
  except?: string,
): Promise<{ loads: AgentLoad[]; capacity?: number } | undefined> {
  const queue = (await source.listQueues()).find((candidate) => candidate.id === queueId);
  // A queue whose members take tickets themselves leaves new ones unassigned in it.
  if (!queue?.autoAssign) return undefined;
  const members = assignableMembers(await source.listStaffUsers(), queueId).filter(
    (user) => user.id !== except,
  );
  if (members.length === 0) return { loads: [], capacity: queue.capacity };
  const counts = await source.activeTicketCounts(members.map((user) => user.id));
  return {
    loads: members.map((user) => ({ user, load: counts.get(user.id) ?? 0 })),
    capacity: queue.capacity,
  };
}

export async function pickAssignee(
  source: AssignmentSource,
  queueId: string,
): Promise<StaffUser | undefined> {
  const queue = await queueLoads(source, queueId);
  return queue && chooseAssignee(queue.loads, queue.capacity);
}

/** Who takes each of `count` tickets in turn, each raising its taker's load; undefined once everyone is full. */
export function shareOut(
  loads: AgentLoad[],
  count: number,
  queueCapacity?: number,
): Array<StaffUser | undefined> {
  const current = loads.map((entry) => ({ ...entry }));
  return Array.from({ length: count }, () => {
    const taker = chooseAssignee(current, queueCapacity);
    const entry = current.find(({ user }) => user === taker);
    if (entry) entry.load += 1;
    return taker;
  });
}
