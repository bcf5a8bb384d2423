import * as z from 'zod/mini';
import { BRANCH_ID_PATTERN } from '../../shared/domain/branches.ts';
import { CANNED_ANSWER_ID_PATTERN } from '../../shared/domain/canned-answers.ts';
import { CHANNELS } from '../../shared/domain/channel.ts';
import { MACRO_ASSIGNEE_CHOICES, MACRO_ID_PATTERN } from '../../shared/domain/macro.ts';
import { DOCUMENT_SLUGS } from '../../shared/domain/society-documents.ts';
import { ROLES } from '../../shared/domain/staff.ts';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../shared/domain/ticket.ts';
import {
  WHATSAPP_APPROVAL_STATES,
  WHATSAPP_TEMPLATE_BODY_MAX,
  WHATSAPP_TEMPLATE_CATEGORIES,
  WHATSAPP_TEMPLATE_LANGUAGES,
  WHATSAPP_TEMPLATE_NAME_PATTERN,
} from '../../shared/domain/whatsapp-templates.ts';
import { assertMayManageBranches, listBranches, saveBranch } from '../../shared/use-cases/branch-admin.ts';
import {
  assertMayManageCannedAnswers,
  cannedAnswerVersions,
  deleteCannedAnswer,
  saveCannedAnswer,
} from '../../shared/use-cases/canned-answer-admin.ts';
import {
  assertMayManageMacros,
  deleteMacro,
  listMacros,
  saveMacro,
} from '../../shared/use-cases/macro-admin.ts';
import {
  assertMayReword,
  listMessageTemplates,
  restoreTemplate,
  rewordTemplate,
} from '../../shared/use-cases/message-template-admin.ts';
import { assertMayManageQueues, createQueue, updateQueue } from '../../shared/use-cases/queue-admin.ts';
import {
  assertMayManageRouting,
  assertMayMarkAway,
  assertMayTryRules,
  deleteSlaPolicy,
  dryRunRules,
  listRuleSetVersions,
  replayRulesOnRecentTickets,
  saveBusinessCalendar,
  saveRuleSet,
  saveSlaPolicy,
  setStaffAvailability,
  viewRuleSet,
} from '../../shared/use-cases/routing-admin.ts';
import { listSettingChanges } from '../../shared/use-cases/settings-audit.ts';
import {
  assertMayInviteStaff,
  assertMayManageStaff,
  inviteStaffMember,
  updateStaffMember,
} from '../../shared/use-cases/staff-admin.ts';
import {
  assertMayManageWhatsAppTemplates,
  deleteWhatsAppTemplate,
  listWhatsAppTemplates,
  saveWhatsAppTemplate,
} from '../../shared/use-cases/whatsapp-template-admin.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { auditPart, messagesPart } from '../lib/dependency-parts.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { type StaffRoute, staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsStaffAccounts, awsStaffTokens } from '../platform/aws-staff.ts';

const id = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
/** A branch's id; the use cases check the society has it. */
const branchId = z.string().check(z.regex(BRANCH_ID_PATTERN));
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

const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/));
const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
/** A period ends after it starts, a date range on or after its first day; the reason is said at the end. */
const workingPeriod = z.strictObject({ start: time, end: time }).check(
  z.superRefine((period, context) => {
    if (period.end <= period.start)
      context.addIssue({ code: 'custom', message: 'ends_before_starts', path: ['end'] });
  }),
);
/** A day's periods may come in any order, but two that overlap would count the shared hours twice. */
const workingDay = z.array(workingPeriod).check(
  z.maxLength(4),
  z.superRefine((periods, context) => {
    const sorted = periods
      .map((period, index) => ({ ...period, index }))
      .sort((a, b) => (a.start < b.start ? -1 : 1));
    for (const [at, period] of sorted.entries()) {
      const before = sorted[at - 1];
      if (before && period.start < before.end)
        context.addIssue({ code: 'custom', message: 'periods_overlap', path: [period.index, 'start'] });
    }
  }),
);
const workingWeek = z.array(workingDay).check(z.length(7));
// Hijri and Gregorian dates written YYYY-MM-DD both compare as text.
const endsOnOrAfter = (range: { from: string; to: string }, context: z.core.$RefinementCtx) => {
  if (range.to < range.from)
    context.addIssue({ code: 'custom', message: 'ends_before_starts', path: ['to'] });
};
const rangeName = z.string().check(z.trim(), z.minLength(1), z.maxLength(80));
const calendarSchema = z.strictObject({
  timeZone: z
    .string()
    .check(
      z.refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone), { message: 'invalid_value' }),
    ),
  week: workingWeek,
  ramadan: z.optional(
    z
      .array(
        z.strictObject({ hijriYear: z.number().check(z.int(), z.gte(1400), z.lte(1500)), week: workingWeek }),
      )
      .check(
        z.maxLength(50),
        z.refine((years) => new Set(years.map((year) => year.hijriYear)).size === years.length, {
          message: 'invalid_value',
        }),
      ),
  ),
  overrides: z
    .array(
      z
        .strictObject({ name: rangeName, from: date, to: date, week: workingWeek })
        .check(z.superRefine(endsOnOrAfter)),
    )
    .check(z.maxLength(50)),
  holidays: z
    .array(
      z
        .strictObject({
          name: rangeName,
          from: date,
          to: date,
          calendar: z.optional(z.enum(['gregorian', 'hijri'])),
        })
        .check(z.superRefine(endsOnOrAfter)),
    )
    .check(z.maxLength(200)),
});

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

const templateSchema = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
});

const branchName = z.string().check(z.trim(), z.minLength(2), z.maxLength(80));
const branchSchema = z.strictObject({
  nameAr: branchName,
  nameEn: branchName,
  city: z.string().check(z.trim(), z.minLength(2), z.maxLength(60)),
  archived: z.optional(z.boolean()),
});

const cannedTitle = z.string().check(z.trim(), z.minLength(2), z.maxLength(80));
const cannedText = z.string().check(z.trim(), z.minLength(2), z.maxLength(2000));
/** Blank English fields mean no English wording: the Arabic text is inserted for everyone. */
const optionalEnglish = <T extends z.ZodMiniString>(schema: T) =>
  z.pipe(
    z.transform((value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)),
    z.optional(schema),
  );
/** The version the editor opened, 0 for something new: a save over a later one is refused (409). */
const expectedVersion = z.number().check(z.int(), z.gte(0));
const cannedAnswerSchema = z
  .strictObject({
    titleAr: cannedTitle,
    text: cannedText,
    titleEn: optionalEnglish(cannedTitle),
    textEn: optionalEnglish(cannedText),
    documents: z._default(z.array(z.enum(DOCUMENT_SLUGS)).check(z.maxLength(DOCUMENT_SLUGS.length)), []),
    expectedVersion,
  })
  .check(
    z.refine((answer) => Boolean(answer.titleEn) === Boolean(answer.textEn), {
      message: 'An English title and an English text go together',
      path: ['textEn'],
    }),
  );

/** The answer id from the path, refused as the field `id` when malformed. */
function cannedAnswerId(event: Parameters<StaffRoute>[0]): string {
  return validate(z.object({ id: z.string().check(z.regex(CANNED_ANSWER_ID_PATTERN)) }), {
    id: event.pathParameters?.answerId,
  }).id;
}
const parameterDescription = z.string().check(z.trim(), z.minLength(1), z.maxLength(80));
const whatsappTemplateSchema = z.strictObject({
  category: z.enum(WHATSAPP_TEMPLATE_CATEGORIES),
  body: z.string().check(z.trim(), z.minLength(1), z.maxLength(WHATSAPP_TEMPLATE_BODY_MAX)),
  parameters: z
    .array(
      z.strictObject({
        ar: parameterDescription,
        en: parameterDescription,
        from: z.optional(z.enum(['reference', 'contactName'])),
      }),
    )
    .check(z.maxLength(20)),
  approval: z.enum(WHATSAPP_APPROVAL_STATES),
});
/** A template's name and language from the path, refused as fields the admin page shows. */
const whatsappTemplateKey = z.object({
  name: z.string().check(z.regex(WHATSAPP_TEMPLATE_NAME_PATTERN)),
  language: z.enum(WHATSAPP_TEMPLATE_LANGUAGES),
});
const macroName = z.string().check(z.trim(), z.minLength(2), z.maxLength(80));
const macroSchema = z.strictObject({
  nameAr: macroName,
  nameEn: z.optional(macroName),
  // Named by id only: canned answers are configuration of their own.
  cannedAnswerId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  status: z.optional(z.enum(TICKET_STATUSES)),
  assignee: z.enum(MACRO_ASSIGNEE_CHOICES),
  // The same bounds as a ticket's tags, which these are added to.
  tags: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(20)),
  expectedVersion,
});
/** Refused as the field `id`, which the admin page shows beside the id it sent. */
const macroIdOf = (event: Parameters<StaffRoute>[0]) =>
  validate(z.object({ id: z.string().check(z.regex(MACRO_ID_PATTERN)) }), {
    id: event.pathParameters?.macroId,
  }).id;

/** Queues, staff, routing rules, SLA policies, the business calendar, message wording and the audit of them. */
const routes: Record<string, StaffRoute> = {
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
      await updateStaffMember(deps, principal, userId, validate(staffChangeSchema, parseJson(event))),
    );
  },
  'GET /api/branches': async (_event, deps) => json(200, { branches: await listBranches(deps) }),
  'PUT /api/branches/{branchId}': async (event, deps, principal) => {
    assertMayManageBranches(principal);
    // Refused as the field `id`, which the admin page shows beside the id it sent.
    const { id: slug } = validate(z.object({ id: branchId }), { id: event.pathParameters?.branchId });
    return json(200, await saveBranch(deps, principal, slug, validate(branchSchema, parseJson(event))));
  },
  'PUT /api/canned-answers/{answerId}': async (event, deps, principal) => {
    assertMayManageCannedAnswers(principal);
    const answerId = cannedAnswerId(event);
    return json(
      200,
      await saveCannedAnswer(deps, principal, answerId, validate(cannedAnswerSchema, parseJson(event))),
    );
  },
  'DELETE /api/canned-answers/{answerId}': async (event, deps, principal) => {
    const answerId = cannedAnswerId(event);
    await deleteCannedAnswer(deps, principal, answerId);
    return json(200, { deleted: answerId });
  },
  'GET /api/canned-answers/{answerId}/versions': async (event, deps, principal) =>
    json(200, { versions: await cannedAnswerVersions(deps, principal, cannedAnswerId(event)) }),
  'GET /api/whatsapp-templates': async (_event, deps) =>
    json(200, { templates: await listWhatsAppTemplates(deps) }),
  'PUT /api/whatsapp-templates/{name}/{language}': async (event, deps, principal) => {
    assertMayManageWhatsAppTemplates(principal);
    const key = validate(whatsappTemplateKey, event.pathParameters ?? {});
    const input = validate(whatsappTemplateSchema, parseJson(event));
    return json(200, await saveWhatsAppTemplate(deps, principal, key, input));
  },
  'DELETE /api/whatsapp-templates/{name}/{language}': async (event, deps, principal) => {
    assertMayManageWhatsAppTemplates(principal);
    const key = validate(whatsappTemplateKey, event.pathParameters ?? {});
    await deleteWhatsAppTemplate(deps, principal, key);
    return json(200, { deleted: key });
  },
  'GET /api/macros': async (_event, deps) => json(200, { macros: await listMacros(deps) }),
  'PUT /api/macros/{macroId}': async (event, deps, principal) => {
    assertMayManageMacros(principal);
    const macroId = macroIdOf(event);
    return json(200, await saveMacro(deps, principal, macroId, validate(macroSchema, parseJson(event))));
  },
  'DELETE /api/macros/{macroId}': async (event, deps, principal) => {
    assertMayManageMacros(principal);
    const macroId = macroIdOf(event);
    await deleteMacro(deps, principal, macroId);
    return json(200, { deleted: macroId });
  },
  'GET /api/audit': async (_event, deps, principal) =>
    json(200, { entries: await listSettingChanges(deps, principal) }),
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
  'GET /api/business-calendar': async (_event, deps) => json(200, (await deps.sla.load()).calendar),
  'PUT /api/business-calendar': async (event, deps, principal) => {
    assertMayManageRouting(principal);
    return json(200, await saveBusinessCalendar(deps, principal, validate(calendarSchema, parseJson(event))));
  },
  'GET /api/message-templates': async (_event, deps, principal) =>
    json(200, { templates: await listMessageTemplates(deps, principal) }),
  'PUT /api/message-templates/{templateId}': async (event, deps, principal) => {
    assertMayReword(principal);
    const { text } = validate(templateSchema, parseJson(event));
    return json(200, await rewordTemplate(deps, principal, event.pathParameters?.templateId ?? '', text));
  },
  'DELETE /api/message-templates/{templateId}': async (event, deps, principal) =>
    json(200, await restoreTemplate(deps, principal, event.pathParameters?.templateId ?? '')),
  'PUT /api/staff/{userId}/availability': async (event, deps, principal) => {
    const userId = validate(id, event.pathParameters?.userId);
    assertMayMarkAway(principal, userId);
    const { away } = validate(availabilitySchema, parseJson(event));
    return json(200, await setStaffAvailability(deps.store, principal, userId, away));
  },
};

export const ADMIN_ROUTE_KEYS = Object.keys(routes);

export const createAdminApiHandler = (getDeps: () => AppDependencies) => staffRoutesFunction(getDeps, routes);

export const handler = createAdminApiHandler(
  lambdaDependencies(awsStaffTokens, awsStaffAccounts, auditPart, messagesPart),
);
