import * as z from 'zod/mini';
import { CHANNELS } from '../../../shared/domain/channel.ts';
import { PRIORITIES, TICKET_TYPES } from '../../../shared/domain/ticket.ts';
import {
  assertMayManageRouting,
  assertMayTryRules,
  deleteSlaPolicy,
  dryRunRules,
  listRuleSetVersions,
  replayRulesOnRecentTickets,
  saveRuleSet,
  saveSlaPolicy,
  viewRuleSet,
} from '../../../shared/use-cases/routing-admin.ts';
import { json, parseJson, validate } from '../../lib/http.ts';
import type { StaffRoute } from '../../lib/http-handler.ts';
import { id } from './fields.ts';

const words = z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))).check(z.maxLength(50));

const ruleSchema = z.strictObject({
  id,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  enabled: z.boolean(),
  conditions: z.strictObject({
    channels: z.optional(z.array(z.enum(CHANNELS))),
    types: z.optional(z.array(z.enum(TICKET_TYPES))),
    keywords: z.optional(words),
    cities: z.optional(words),
    contactTags: z.optional(words),
    languages: z.optional(z.array(z.enum(['ar', 'en']))),
  }),
  actions: z.strictObject({
    queueId: id,
    priority: z.optional(z.enum(PRIORITIES)),
    tags: z.optional(words),
    slaPolicyId: z.optional(id),
  }),
});

const ruleSetSchema = z.strictObject({
  // The rules page and the audit name each rule by its id.
  rules: z.array(ruleSchema).check(
    z.maxLength(200),
    z.superRefine((rules, context) => {
      const seen = new Set<string>();
      for (const [index, rule] of rules.entries()) {
        if (seen.has(rule.id))
          context.addIssue({ code: 'custom', message: 'duplicate_id', path: [index, 'id'] });
        seen.add(rule.id);
      }
    }),
  ),
  defaultQueueId: id,
  /** The version the admin edited; a save over someone else's newer version is refused. */
  expectedVersion: z.number().check(z.int(), z.gte(0)),
});

/** Rules being edited, tried before they are saved. */
const draftSchema = z.optional(z.omit(ruleSetSchema, { expectedVersion: true }));

const dryRunSchema = z.strictObject({
  draft: draftSchema,
  channel: z.enum(CHANNELS),
  type: z.optional(z.enum(TICKET_TYPES)),
  subject: z.optional(z.string().check(z.maxLength(200))),
  text: z._default(z.string().check(z.maxLength(5000)), ''),
  city: z.optional(z.string().check(z.maxLength(80))),
  language: z.optional(z.enum(['ar', 'en'])),
  contactTags: z.optional(words),
});

// Said as what a window is, not as text too short or too long.
const minutes = z
  .number()
  .check(
    z.int(),
    z.gte(1, { message: 'invalid_window' }),
    z.lte(366 * 24 * 60, { message: 'invalid_window' }),
  );
const policySchema = z.strictObject({
  nameAr: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  nameEn: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  priorities: z.optional(z.array(z.enum(PRIORITIES))),
  types: z.optional(z.array(z.enum(TICKET_TYPES))),
  targets: z.strictObject({
    firstResponse: z.optional(minutes),
    nextResponse: z.optional(minutes),
    resolution: z.optional(minutes),
    committeeDecision: z.optional(minutes),
  }),
  time: z.enum(['business', 'calendar']),
  warningShare: z._default(
    z
      .number()
      .check(z.gt(0, { message: 'invalid_warning_share' }), z.lt(1, { message: 'invalid_warning_share' })),
    0.8,
  ),
  onBreach: z._default(
    z.strictObject({ raisePriority: z.optional(z.boolean()), moveToQueueId: z.optional(id) }),
    {},
  ),
  furtherLevels: z.optional(
    z
      .array(
        z.strictObject({
          afterMinutes: minutes,
          notify: z.array(z.enum(['assignee', 'supervisors', 'managers'])).check(z.minLength(1)),
          raisePriority: z.optional(z.boolean()),
          moveToQueueId: z.optional(id),
        }),
      )
      .check(z.maxLength(5)),
  ),
  order: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1000))),
});

/** Routing rules (versioned, tried before they are saved) and SLA policies. */
export const routingRoutes: Record<string, StaffRoute> = {
  'GET /api/rules': async (_event, deps, principal) => json(200, await viewRuleSet(deps, principal)),
  'PUT /api/rules': async (event, deps, principal) => {
    assertMayManageRouting(principal);
    return json(200, await saveRuleSet(deps, principal, validate(ruleSetSchema, parseJson(event))));
  },
  'GET /api/rules/versions': async (_event, deps, principal) =>
    json(200, { versions: await listRuleSetVersions(deps, principal) }),
  'POST /api/rules/dry-run': async (event, deps, principal) => {
    assertMayTryRules(principal);
    const { draft, ...contact } = validate(dryRunSchema, parseJson(event));
    const { version, rule, decision } = await dryRunRules(deps, principal, contact, draft);
    return json(200, { version, rule: rule ?? null, decision });
  },
  'POST /api/rules/dry-run/recent': async (event, deps, principal) => {
    assertMayTryRules(principal);
    const { draft } = validate(z.strictObject({ draft: draftSchema }), parseJson(event));
    return json(200, await replayRulesOnRecentTickets(deps, principal, draft));
  },
  'GET /api/sla-policies': async (_event, deps) =>
    json(200, { policies: await deps.config.listSlaPolicies() }),
  'PUT /api/sla-policies/{policyId}': async (event, deps, principal) => {
    assertMayManageRouting(principal);
    const policyId = validate(id, event.pathParameters?.policyId);
    const body = validate(policySchema, parseJson(event));
    return json(200, await saveSlaPolicy(deps, principal, { ...body, id: policyId }));
  },
  'DELETE /api/sla-policies/{policyId}': async (event, deps, principal) => {
    const policyId = validate(id, event.pathParameters?.policyId);
    await deleteSlaPolicy(deps, principal, policyId);
    return json(200, { deleted: policyId });
  },
};
