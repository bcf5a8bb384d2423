import * as z from 'zod';
import { BRANCH_ID_PATTERN } from '../../shared/domain/branches.ts';
import { SUPPORT_REQUEST_TYPES } from '../../shared/domain/support-application.ts';
import { requireKnownBranch } from '../../shared/use-cases/branch-admin.ts';
import { listAnnouncements, sendAnnouncement } from '../../shared/use-cases/send-announcement.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const count = z.number().int().min(1).max(40);

const announcementSchema = z.strictObject({
  name: z.string().trim().min(2).max(120),
  audience: z
    .strictObject({
      branches: z.array(z.string().regex(BRANCH_ID_PATTERN)).max(50).optional(),
      requestTypes: z.array(z.enum(SUPPORT_REQUEST_TYPES)).max(SUPPORT_REQUEST_TYPES.length).optional(),
      householdMembers: z.strictObject({ min: count.optional(), max: count.optional() }).optional(),
      registeredSince: z.iso.datetime({ offset: true }).optional(),
    })
    .default({}),
  // One SMS-sized message or a little more: an announcement, not a letter.
  text: z.string().trim().min(2).max(700),
});

/**
 * POST /api/campaigns: a supervisor's announcement to a segment of registered beneficiaries; GET: the latest ones
 * with how many were sent, failed, skipped and replied.
 */
export const createCampaignsApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, {
    'GET /api/campaigns': async (_event, deps, principal) =>
      json(200, { announcements: await listAnnouncements(deps, principal) }),
    'POST /api/campaigns': async (event, deps, principal) => {
      const announcement = validate(announcementSchema, parseJson(event));
      for (const branch of announcement.audience.branches ?? []) await requireKnownBranch(deps, branch);
      const campaign = await sendAnnouncement(deps, principal, announcement);
      return json(201, { id: campaign.id, recipients: campaign.recipients.length });
    },
  });

export const handler = createCampaignsApiHandler(lambdaDependencies());
