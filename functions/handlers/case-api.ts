import * as z from 'zod/mini';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { advanceSupportCase } from '../../shared/use-cases/advance-support-case.ts';
import { CASE_ACTIONS, STUDY_METHODS } from '../../shared/workflow/support-request.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { campaignsPart, caseStepParts } from '../lib/dependency-parts.ts';
import { json, parseJson, pathRecordId, validate } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

const note = z.optional(z.string().check(z.trim(), z.maxLength(2000)));

/** The body each step of the procedure needs. */
const bodies = {
  record_verification: z.strictObject({
    checklist: z.strictObject({
      identityMatches: z.boolean(),
      documentsPresent: z.boolean(),
      dataConsistent: z.boolean(),
      missing: z.optional(z.string().check(z.trim(), z.maxLength(500))),
    }),
    notes: note,
  }),
  // What is unclear, so the researcher knows what to explain.
  refer_to_researcher: z.strictObject({
    reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(1000)),
    notes: note,
  }),
  record_study: z.strictObject({
    study: z.strictObject({
      method: z.enum(STUDY_METHODS),
      findings: z.string().check(z.trim(), z.minLength(2), z.maxLength(4000)),
    }),
    notes: note,
  }),
  send_to_committee: z.strictObject({ notes: note }),
  decide: z.strictObject({
    outcome: z.enum(['approved', 'rejected']),
    reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(1000)),
    service: z.optional(z.string().check(z.trim(), z.maxLength(500))),
    notes: note,
  }),
  register: z.strictObject({
    household: z.strictObject({
      members: z.number().check(z.int(), z.gte(1), z.lte(40)),
      monthlyIncome: z.number().check(z.gte(0), z.lte(1_000_000)),
    }),
    notes: note,
  }),
  deliver_service: z.strictObject({
    service: z.string().check(z.trim(), z.minLength(2), z.maxLength(500)),
    notes: note,
  }),
  withdraw: z.strictObject({
    reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(1000)),
    notes: note,
  }),
  mark_invalid: z.strictObject({
    reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(1000)),
    notes: note,
  }),
} as const;

/** POST /api/tickets/{id}/case/{action}: one step of a support request. */
export const createCaseApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, {
    'POST /api/tickets/{id}/case/{action}': async (event, deps, principal) => {
      const action = z.enum(CASE_ACTIONS).safeParse(event.pathParameters?.action);
      if (!action.success) throw new NotFoundError('Case step');
      const ticketId = pathRecordId(event, 'Ticket');
      const input = validate(bodies[action.data] as z.ZodMiniType<Record<string, unknown>>, parseJson(event));
      return json(200, await advanceSupportCase(deps, principal, ticketId, action.data, input));
    },
  });

export const handler = createCaseApiHandler(
  lambdaDependencies(awsSenders, awsStaffTokens, ...caseStepParts, campaignsPart),
);
