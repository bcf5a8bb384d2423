import { describe, expect, it } from 'vitest';
import { assignmentDecision, authorizeContact, decide } from '../../shared/domain/access-policy.ts';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors.ts';
import type { Principal, Role } from '../../shared/domain/staff.ts';

const staff = (userId: string, roles: Role[], queueIds: string[] = []): Principal => ({
  userId,
  email: `${userId}@sanad.local`,
  name: userId,
  roles,
  queueIds,
});
const agent = staff('a1', ['agent'], ['relations']);
const supervisor = staff('s1', ['supervisor']);
const manager = staff('m1', ['manager']);

describe('decide', () => {
  it('hides what the caller may not read before asking whether they may act', () => {
    expect(decide(agent, 'write', ['research'])).toBe('hidden');
    expect(decide(agent, 'write', ['relations', 'research'])).toBe('hidden');
    expect(decide(manager, 'write', ['research'])).toBe('forbidden');
    expect(decide(agent, 'write', ['relations'])).toBe('allowed');
    expect(decide(agent, 'reassign', ['relations'])).toBe('forbidden');
  });
});

describe('assignmentDecision (the server and the inbox ask the same)', () => {
  it.each([
    ['takes an unassigned ticket for self', agent, undefined, 'a1', 'allowed'],
    ['gives back their own', agent, 'a1', null, 'allowed'],
    ['takes a colleague’s ticket', agent, 'a2', 'a1', 'forbidden'],
    ['unassigns a colleague', agent, 'a2', null, 'forbidden'],
    ['hands their own to a colleague', agent, 'a1', 'a2', 'forbidden'],
    ['assigns an unassigned ticket to a colleague', agent, undefined, 'a2', 'forbidden'],
    ['reassigns as supervisor', supervisor, 'a2', 'a1', 'allowed'],
    ['assigns as manager (reads only)', manager, undefined, 'm1', 'forbidden'],
  ] as const)('an agent %s', (_label, principal, current, next, expected) => {
    expect(assignmentDecision(principal, { queueId: 'relations', assigneeId: current }, next)).toBe(expected);
  });

  it('hides a ticket of another queue whatever is asked', () => {
    expect(assignmentDecision(agent, { queueId: 'research' }, 'a1')).toBe('hidden');
  });
});

describe('authorizeContact', () => {
  it('shows a contact through any one of its tickets’ queues', () => {
    expect(() => authorizeContact(agent, 'edit_contacts', ['research', 'relations'])).not.toThrow();
    expect(() => authorizeContact(agent, 'read', ['research'])).toThrow(NotFoundError);
  });

  it('shows a contact without tickets only to roles that see every queue', () => {
    expect(() => authorizeContact(agent, 'read', [])).toThrow(NotFoundError);
    expect(() => authorizeContact(supervisor, 'edit_contacts', [])).not.toThrow();
    expect(() => authorizeContact(manager, 'edit_contacts', [])).toThrow(ForbiddenError);
  });
});
