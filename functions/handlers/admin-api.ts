import * as z from 'zod';
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

const id = z.string().trim().min(1).max(64);
/** A branch's id; the use cases check the society has it. */
const branchId = z.string().regex(BRANCH_ID_PATTERN);
const words = z.array(z.string().trim().min(1).max(80)).max(50);

const ruleSchema = z.strictObject({
  id,
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean(),
  conditions: z.strictObject({
    channels: z.array(z.enum(CHANNELS)).optional(),
    types: z.array(z.enum(TICKET_TYPES)).optional(),
    keywords: words.optional(),
    cities: words.optional(),
    contactTags: words.optional(),
    languages: z.array(z.enum(['ar', 'en'])).optional(),
  }),
  actions: z.strictObject({
    queueId: id,
    priority: z.enum(PRIORITIES).optional(),
    tags: words.optional(),
    slaPolicyId: id.optional(),
  }),
});

const ruleSetSchema = z.strictObject({
  rules: z.array(ruleSchema).max(200),
  defaultQueueId: id,
  /** The version the admin edited; a save over someone else's newer version is refused. */
  expectedVersion: z.number().int().min(0),
});

/** Rules being edited, tried before they are saved. */
const draftSchema = ruleSetSchema.omit({ expectedVersion: true }).optional();

const dryRunSchema = z.strictObject({
  draft: draftSchema,
  channel: z.enum(CHANNELS),
  type: z.enum(TICKET_TYPES).optional(),
  subject: z.string().max(200).optional(),
  text: z.string().max(5000).default(''),
  city: z.string().max(80).optional(),
  language: z.enum(['ar', 'en']).optional(),
  contactTags: words.optional(),
});

// Said as what a window is, not as text too short or too long.
const minutes = z
  .number()
  .int()
  .min(1, { message: 'invalid_window' })
  .max(366 * 24 * 60, { message: 'invalid_window' });
const policySchema = z.strictObject({
  nameAr: z.string().trim().min(1).max(120),
  nameEn: z.string().trim().min(1).max(120),
  priorities: z.array(z.enum(PRIORITIES)).optional(),
  types: z.array(z.enum(TICKET_TYPES)).optional(),
  targets: z.strictObject({
    firstResponse: minutes.optional(),
    nextResponse: minutes.optional(),
    resolution: minutes.optional(),
    committeeDecision: minutes.optional(),
  }),
  time: z.enum(['business', 'calendar']),
  warningShare: z
    .number()
    .gt(0, { message: 'invalid_warning_share' })
    .lt(1, { message: 'invalid_warning_share' })
    .default(0.8),
  onBreach: z
    .strictObject({ raisePriority: z.boolean().optional(), moveToQueueId: id.optional() })
    .default({}),
  furtherLevels: z
    .array(
      z.strictObject({
        afterMinutes: minutes,
        notify: z.array(z.enum(['assignee', 'supervisors', 'managers'])).min(1),
        raisePriority: z.boolean().optional(),
        moveToQueueId: id.optional(),
      }),
    )
    .max(5)
    .optional(),
  order: z.number().int().min(0).max(1000).optional(),
});

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A period ends after it starts, a date range on or after its first day; the reason is said at the end. */
const workingPeriod = z.strictObject({ start: time, end: time }).superRefine((period, context) => {
  if (period.end <= period.start)
    context.addIssue({ code: 'custom', message: 'ends_before_starts', path: ['end'] });
});
const workingWeek = z.array(z.array(workingPeriod).max(4)).length(7);
// Hijri and Gregorian dates written YYYY-MM-DD both compare as text.
const endsOnOrAfter = (range: { from: string; to: string }, context: z.RefinementCtx) => {
  if (range.to < range.from)
    context.addIssue({ code: 'custom', message: 'ends_before_starts', path: ['to'] });
};
const rangeName = z.string().trim().min(1).max(80);
const calendarSchema = z.strictObject({
  timeZone: z
    .string()
    .refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone), { message: 'invalid_value' }),
  week: workingWeek,
  ramadan: z
    .array(z.strictObject({ hijriYear: z.number().int().min(1400).max(1500), week: workingWeek }))
    .max(50)
    .refine((years) => new Set(years.map((year) => year.hijriYear)).size === years.length, {
      message: 'invalid_value',
    })
    .optional(),
  overrides: z
    .array(
      z.strictObject({ name: rangeName, from: date, to: date, week: workingWeek }).superRefine(endsOnOrAfter),
    )
    .max(50),
  holidays: z
    .array(
      z
        .strictObject({
          name: rangeName,
          from: date,
          to: date,
          calendar: z.enum(['gregorian', 'hijri']).optional(),
        })
        .superRefine(endsOnOrAfter),
    )
    .max(200),
});

const availabilitySchema = z.strictObject({ away: z.boolean() });

const queueName = z.string().trim().min(1).max(80);
const capacity = z.number().int().min(1).max(500);
const memberIds = z.array(id).max(500);
const newQueueSchema = z.strictObject({
  // The id appears in links and rules: lowercase letters, digits and dashes.
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,47}$/),
  nameAr: queueName,
  nameEn: queueName,
  autoAssign: z.boolean().optional(),
  capacity: capacity.optional(),
  branch: branchId.optional(),
  isDefault: z.boolean().optional(),
  memberIds: memberIds.optional(),
});
const queueChangeSchema = z
  .strictObject({
    nameAr: queueName.optional(),
    nameEn: queueName.optional(),
    autoAssign: z.boolean().optional(),
    capacity: capacity.nullable().optional(),
    branch: branchId.nullable().optional(),
    isDefault: z.literal(true).optional(),
    archived: z.boolean().optional(),
    memberIds: memberIds.optional(),
  })
  .refine((change) => Object.keys(change).length > 0, { message: 'required', path: ['body'] });

const staffName = z.string().trim().min(1).max(120);
const staffEmail = z.email().max(254).toLowerCase();
const roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length);
const queueIds = z.array(id).max(100);
const newStaffSchema = z.strictObject({
  name: staffName,
  email: staffEmail,
  roles,
  queueIds: queueIds.default([]),
  branch: branchId.optional(),
  capacity: capacity.optional(),
});
const staffChangeSchema = z
  .strictObject({
    name: staffName.optional(),
    email: staffEmail.optional(),
    roles: roles.optional(),
    queueIds: queueIds.optional(),
    branch: branchId.nullable().optional(),
    capacity: capacity.nullable().optional(),
    disabled: z.boolean().optional(),
    emailNotices: z.boolean().optional(),
    language: z.enum(['ar', 'en']).optional(),
  })
  .refine((change) => Object.keys(change).length > 0, { message: 'required', path: ['body'] });

const templateSchema = z.strictObject({ text: z.string().trim().min(1).max(1000) });

const branchName = z.string().trim().min(2).max(80);
const branchSchema = z.strictObject({
  nameAr: branchName,
  nameEn: branchName,
  city: z.string().trim().min(2).max(60),
  archived: z.boolean().optional(),
});

const cannedTitle = z.string().trim().min(2).max(80);
const cannedText = z.string().trim().min(2).max(2000);
/** Blank English fields mean no English wording: the Arabic text is inserted for everyone. */
const optionalEnglish = <T extends z.ZodString>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional(),
  );
/** The version the editor opened, 0 for something new: a save over a later one is refused (409). */
const expectedVersion = z.number().int().min(0);
const cannedAnswerSchema = z
  .strictObject({
    titleAr: cannedTitle,
    text: cannedText,
    titleEn: optionalEnglish(cannedTitle),
    textEn: optionalEnglish(cannedText),
    documents: z.array(z.enum(DOCUMENT_SLUGS)).max(DOCUMENT_SLUGS.length).default([]),
    expectedVersion,
  })
  .refine((answer) => Boolean(answer.titleEn) === Boolean(answer.textEn), {
    message: 'An English title and an English text go together',
    path: ['textEn'],
  });

/** The answer id from the path, refused as the field `id` when malformed. */
function cannedAnswerId(event: Parameters<StaffRoute>[0]): string {
  return validate(z.object({ id: z.string().regex(CANNED_ANSWER_ID_PATTERN) }), {
    id: event.pathParameters?.answerId,
  }).id;
}
const parameterDescription = z.string().trim().min(1).max(80);
const whatsappTemplateSchema = z.strictObject({
  category: z.enum(WHATSAPP_TEMPLATE_CATEGORIES),
  body: z.string().trim().min(1).max(WHATSAPP_TEMPLATE_BODY_MAX),
  parameters: z
    .array(
      z.strictObject({
        ar: parameterDescription,
        en: parameterDescription,
        from: z.enum(['reference', 'contactName']).optional(),
      }),
    )
    .max(20),
  approval: z.enum(WHATSAPP_APPROVAL_STATES),
});
/** A template's name and language from the path, refused as fields the admin page shows. */
const whatsappTemplateKey = z.object({
  name: z.string().regex(WHATSAPP_TEMPLATE_NAME_PATTERN),
  language: z.enum(WHATSAPP_TEMPLATE_LANGUAGES),
});
const macroName = z.string().trim().min(2).max(80);
const macroSchema = z.strictObject({
  nameAr: macroName,
  nameEn: macroName.optional(),
  // Named by id only: canned answers are configuration of their own.
  cannedAnswerId: z.string().trim().min(1).max(64).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  assignee: z.enum(MACRO_ASSIGNEE_CHOICES),
  // The same bounds as a ticket's tags, which these are added to.
  tags: z.array(z.string().trim().min(1).max(40)).max(20),
  expectedVersion,
});
/** Refused as the field `id`, which the admin page shows beside the id it sent. */
const macroIdOf = (event: Parameters<StaffRoute>[0]) =>
  validate(z.object({ id: z.string().regex(MACRO_ID_PATTERN) }), { id: event.pathParameters?.macroId }).id;

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
