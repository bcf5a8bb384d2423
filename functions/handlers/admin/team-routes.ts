import * as z from 'zod/mini';
import { ROLES } from '../../../shared/domain/staff.ts';
import { assertMayManageBranches, listBranches, saveBranch } from '../../../shared/use-cases/branch-admin.ts';
import { assertMayManageQueues, createQueue, updateQueue } from '../../../shared/use-cases/queue-admin.ts';
import { changeStaffMember } from '../../../shared/use-cases/release-held-tickets.ts';
import { assertMayMarkAway, setStaffAvailability } from '../../../shared/use-cases/routing-admin.ts';
import {
  assertMayInviteStaff,
  assertMayManageStaff,
  inviteStaffMember,
} from '../../../shared/use-cases/staff-admin.ts';
import { json, parseJson, validate } from '../../lib/http.ts';
import type { StaffRoute } from '../../lib/http-handler.ts';
import { branchId, id } from './fields.ts';

const availabilitySchema = z.strictObject({ away: z.boolean() });

const queueName = z.string().check(z.trim(), z.minLength(1), z.maxLength(80));
const capacity = z.number().check(z.int(), z.gte(1), z.lte(500));
const memberIds = z.array(id).check(z.maxLength(500));
const newQueueSchema = z.strictObject({
  // The id appears in links and rules: lowercase letters, digits and dashes.
  id: z.string().check(z.trim(), z.regex(/^[a-z0-9][a-z0-9-]{1,47}$/)),
  nameAr: queueName,
  nameEn: queueName,
  autoAssign: z.optional(z.boolean()),
  capacity: z.optional(capacity),
  branch: z.optional(branchId),
  isDefault: z.optional(z.boolean()),
  memberIds: z.optional(memberIds),
});
const queueChangeSchema = z
  .strictObject({
    nameAr: z.optional(queueName),
    nameEn: z.optional(queueName),
    autoAssign: z.optional(z.boolean()),
    capacity: z.optional(z.nullable(capacity)),
    branch: z.optional(z.nullable(branchId)),
    isDefault: z.optional(z.literal(true)),
    archived: z.optional(z.boolean()),
    memberIds: z.optional(memberIds),
  })
  .check(z.refine((change) => Object.keys(change).length > 0, { message: 'required', path: ['body'] }));

const staffName = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));
const staffEmail = z.email().check(z.maxLength(254), z.toLowerCase());
const roles = z.array(z.enum(ROLES)).check(z.minLength(1), z.maxLength(ROLES.length));
const queueIds = z.array(id).check(z.maxLength(100));
const newStaffSchema = z.strictObject({
  name: staffName,
  email: staffEmail,
  roles,
  queueIds: z._default(queueIds, []),
  branch: z.optional(branchId),
  capacity: z.optional(capacity),
});
const staffChangeSchema = z
  .strictObject({
    name: z.optional(staffName),
    email: z.optional(staffEmail),
    roles: z.optional(roles),
    queueIds: z.optional(queueIds),
    branch: z.optional(z.nullable(branchId)),
    capacity: z.optional(z.nullable(capacity)),
    disabled: z.optional(z.boolean()),
    emailNotices: z.optional(z.boolean()),
    language: z.optional(z.enum(['ar', 'en'])),
  })
  .check(z.refine((change) => Object.keys(change).length > 0, { message: 'required', path: ['body'] }));
const branchName = z.string().check(z.trim(), z.minLength(2), z.maxLength(80));
const branchSchema = z.strictObject({
  nameAr: branchName,
  nameEn: branchName,
  city: z.string().check(z.trim(), z.minLength(2), z.maxLength(60)),
  archived: z.optional(z.boolean()),
});

/** Queues, staff members (and whether each is away) and the society's branches. */
export const teamRoutes: Record<string, StaffRoute> = {
  'POST /api/queues': async (event, deps, principal) => {
    assertMayManageQueues(principal);
    return json(201, await createQueue(deps, principal, validate(newQueueSchema, parseJson(event))));
  },
  'PUT /api/queues/{queueId}': async (event, deps, principal) => {
    assertMayManageQueues(principal);
    const queueId = validate(id, event.pathParameters?.queueId);
    return json(
      200,
      await updateQueue(deps, principal, queueId, validate(queueChangeSchema, parseJson(event))),
    );
  },
  'POST /api/staff': async (event, deps, principal) => {
    assertMayInviteStaff(principal);
    const { staff, temporaryPassword } = await inviteStaffMember(
      deps,
      principal,
      validate(newStaffSchema, parseJson(event)),
    );
    return json(201, { ...staff, ...(temporaryPassword && { temporaryPassword }) });
  },
  'PUT /api/staff/{userId}': async (event, deps, principal) => {
    assertMayManageStaff(principal);
    const userId = validate(id, event.pathParameters?.userId);
    return json(
      200,
      await changeStaffMember(deps, principal, userId, validate(staffChangeSchema, parseJson(event))),
    );
  },
  'GET /api/branches': async (_event, deps) => json(200, { branches: await listBranches(deps) }),
  'PUT /api/branches/{branchId}': async (event, deps, principal) => {
    assertMayManageBranches(principal);
    // Refused as the field `id`, which the admin page shows beside the id it sent.
    const { id: slug } = validate(z.object({ id: branchId }), { id: event.pathParameters?.branchId });
    return json(200, await saveBranch(deps, principal, slug, validate(branchSchema, parseJson(event))));
  },
  'PUT /api/staff/{userId}/availability': async (event, deps, principal) => {
    const userId = validate(id, event.pathParameters?.userId);
    assertMayMarkAway(principal, userId);
    const { away } = validate(availabilitySchema, parseJson(event));
    return json(200, await setStaffAvailability(deps.store, principal, userId, away));
  },
};
