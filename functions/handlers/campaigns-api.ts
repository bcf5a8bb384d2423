import * as z from 'zod/mini';
import { BRANCH_ID_PATTERN } from '../../shared/domain/branches.ts';
import { SUPPORT_REQUEST_TYPES } from '../../shared/domain/support-application.ts';
import { requireKnownBranch } from '../../shared/use-cases/branch-admin.ts';
import { listAnnouncements, sendAnnouncement } from '../../shared/use-cases/send-announcement.ts';
import { requiredMessage } from '../channels/typed-fields.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { auditPart, campaignsPart, messagesPart, outboxPart } from '../lib/dependency-parts.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

const count = z.number().check(z.int(), z.minimum(1), z.maximum(40));

const announcementSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)),
  audience: z._default(
    z.strictObject({
      branches: z.optional(z.array(z.string().check(z.regex(BRANCH_ID_PATTERN))).check(z.maxLength(50))),
      requestTypes: z.optional(
        z.array(z.enum(SUPPORT_REQUEST_TYPES)).check(z.maxLength(SUPPORT_REQUEST_TYPES.length)),
      ),
      householdMembers: z.optional(z.strictObject({ min: z.optional(count), max: z.optional(count) })),
      registeredSince: z.optional(z.iso.datetime({ offset: true })),
    }),
    {},
  ),
  // One SMS-sized message or a little more: an announcement, not a letter.
  text: requiredMessage(2, 700),
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

export const handler = createCampaignsApiHandler(
  lambdaDependencies(awsStaffTokens, auditPart, campaignsPart, messagesPart, outboxPart),
);
