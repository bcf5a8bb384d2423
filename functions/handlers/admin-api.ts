import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { CHANNELS } from '../../shared/domain/channel.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import { fieldError } from '../../shared/domain/field-messages.ts';
import {
  isMessageTemplateId,
  MESSAGE_TEMPLATE_IDS,
  MESSAGE_TEMPLATES,
  type MessageTemplateId,
  unknownPlaceholders,
} from '../../shared/domain/message-templates.ts';
import { hasRole, type Principal } from '../../shared/domain/staff.ts';
import { PRIORITIES, TICKET_TYPES } from '../../shared/domain/ticket.ts';
import { evaluateRules } from '../../shared/routing/rules.ts';
import { DEFAULT_RULE_SET } from '../../shared/sla/defaults.ts';
import { type AppDependencies, awsDependencies } from '../lib/dependencies.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { type StaffRoute, staffRoutesFunction } from '../lib/http-handler.ts';

const id = z.string().trim().min(1).max(64);
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

const dryRunSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  type: z.enum(TICKET_TYPES).optional(),
  subject: z.string().max(200).optional(),
  text: z.string().max(5000).default(''),
  city: z.string().max(80).optional(),
  language: z.enum(['ar', 'en']).optional(),
  contactTags: words.optional(),
});

const minutes = z
  .number()
  .int()
  .min(1)
  .max(366 * 24 * 60);
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
  warningShare: z.number().gt(0).lt(1).default(0.8),
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
const workingWeek = z.array(z.array(z.strictObject({ start: time, end: time })).max(4)).length(7);
const calendarSchema = z.strictObject({
  timeZone: z
    .string()
    .refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone), { message: 'invalid_value' }),
  week: workingWeek,
  overrides: z
    .array(z.strictObject({ name: z.string().min(1).max(80), from: date, to: date, week: workingWeek }))
    .max(50),
  holidays: z.array(z.strictObject({ name: z.string().min(1).max(80), from: date, to: date })).max(200),
});

const availabilitySchema = z.strictObject({ away: z.boolean() });

const templateSchema = z.strictObject({ text: z.string().trim().min(1).max(1000) });

function templateIdOf(event: APIGatewayProxyEventV2): MessageTemplateId {
  const templateId = event.pathParameters?.templateId ?? '';
  if (!isMessageTemplateId(templateId)) throw new NotFoundError('Message template');
  return templateId;
}

function requireTemplateEditor(principal: Principal): void {
  if (!hasRole(principal, 'admin', 'supervisor'))
    throw new ForbiddenError('Only a supervisor or an admin rewords the messages sent to beneficiaries');
}

function requireAdmin(principal: Principal): void {
  if (!hasRole(principal, 'admin'))
    throw new ForbiddenError('Only an admin manages routing rules and SLA policies');
}

async function knownQueues(deps: AppDependencies, queueIds: string[]): Promise<void> {
  const queues = new Set((await deps.store.listQueues()).map((queue) => queue.id));
  const unknown = queueIds.filter((queueId) => !queues.has(queueId));
  if (unknown.length > 0)
    throw new ValidationError([fieldError('queueId', 'invalid_value')], `No queue ${unknown.join(', ')}`);
}

/** Routing rules, SLA policies, the business calendar and staff availability: the admin side of routing. */
const routes: Record<string, StaffRoute> = {
  'GET /api/rules': async (_event, deps, principal) => {
    if (!hasRole(principal, 'admin', 'supervisor', 'manager')) throw new ForbiddenError();
    const current = await deps.config.getRuleSet();
    return json(200, current ?? { ...DEFAULT_RULE_SET, rules: [], version: 0 });
  },
  'PUT /api/rules': async (event, deps, principal) => {
    requireAdmin(principal);
    const body = validate(ruleSetSchema, parseJson(event));
    await knownQueues(deps, [body.defaultQueueId, ...body.rules.map((rule) => rule.actions.queueId)]);
    const saved = await deps.config.saveRuleSet(
      body.rules,
      body.defaultQueueId,
      principal.userId,
      body.expectedVersion,
      deps.clock.now().toISOString(),
    );
    return json(200, saved);
  },
  'GET /api/rules/versions': async (_event, deps, principal) => {
    requireAdmin(principal);
    return json(200, { versions: await deps.config.listRuleSetVersions() });
  },
  'POST /api/rules/dry-run': async (event, deps, principal) => {
    if (!hasRole(principal, 'admin', 'supervisor')) throw new ForbiddenError();
    const body = validate(dryRunSchema, parseJson(event));
    const ruleSet = (await deps.config.getRuleSet()) ?? {
      ...DEFAULT_RULE_SET,
      rules: [],
      version: 0,
      updatedAt: '',
      updatedBy: '',
    };
    const at = deps.clock.now().toISOString();
    const match = evaluateRules(ruleSet, {
      inbound: {
        channel: body.channel,
        providerMessageId: 'dry-run',
        identities: [],
        subject: body.subject,
        text: body.text,
        city: body.city,
        language: body.language,
        type: body.type,
        attachments: [],
        receivedAt: at,
      },
      contact: {
        id: 'dry-run',
        name: '',
        identities: [],
        tags: body.contactTags ?? [],
        createdAt: at,
        updatedAt: at,
      },
    });
    return json(200, { version: ruleSet.version, rule: match.rule ?? null, decision: match.decision });
  },
  'GET /api/sla-policies': async (_event, deps) =>
    json(200, { policies: await deps.config.listSlaPolicies() }),
  'PUT /api/sla-policies/{policyId}': async (event, deps, principal) => {
    requireAdmin(principal);
    const policyId = validate(id, event.pathParameters?.policyId);
    const body = validate(policySchema, parseJson(event));
    const moves = [
      body.onBreach.moveToQueueId,
      ...(body.furtherLevels ?? []).map((level) => level.moveToQueueId),
    ];
    const queueIds = moves.filter((queueId): queueId is string => queueId !== undefined);
    if (queueIds.length > 0) await knownQueues(deps, queueIds);
    const policy = { ...body, id: policyId };
    await deps.config.putSlaPolicy(policy);
    return json(200, policy);
  },
  'DELETE /api/sla-policies/{policyId}': async (event, deps, principal) => {
    requireAdmin(principal);
    const policyId = validate(id, event.pathParameters?.policyId);
    if (!(await deps.config.listSlaPolicies()).some((policy) => policy.id === policyId)) {
      throw new NotFoundError('SLA policy');
    }
    await deps.config.deleteSlaPolicy(policyId);
    return json(200, { deleted: policyId });
  },
  'GET /api/business-calendar': async (_event, deps) => json(200, (await deps.sla.load()).calendar),
  'PUT /api/business-calendar': async (event, deps, principal) => {
    requireAdmin(principal);
    const calendar = validate(calendarSchema, parseJson(event));
    await deps.config.putCalendar(calendar);
    return json(200, calendar);
  },
  'GET /api/message-templates': async (_event, deps, principal) => {
    if (!hasRole(principal, 'admin', 'supervisor', 'manager')) throw new ForbiddenError();
    const reworded = new Map(
      (await deps.config.listRewordedTemplates()).map((template) => [template.id, template]),
    );
    const templates = MESSAGE_TEMPLATE_IDS.map((templateId) => ({
      id: templateId,
      placeholders: MESSAGE_TEMPLATES[templateId].placeholders,
      defaultText: MESSAGE_TEMPLATES[templateId].text,
      text: reworded.get(templateId)?.text ?? MESSAGE_TEMPLATES[templateId].text,
      updatedBy: reworded.get(templateId)?.updatedBy ?? null,
      updatedAt: reworded.get(templateId)?.updatedAt ?? null,
    }));
    return json(200, { templates });
  },
  'PUT /api/message-templates/{templateId}': async (event, deps, principal) => {
    requireTemplateEditor(principal);
    const templateId = templateIdOf(event);
    const { text } = validate(templateSchema, parseJson(event));
    const unknown = unknownPlaceholders(templateId, text);
    if (unknown.length > 0) {
      throw new ValidationError(
        [fieldError('text', 'invalid_value')],
        `This message cannot fill in ${unknown.map((name) => `{${name}}`).join(', ')}; it offers ${MESSAGE_TEMPLATES[templateId].placeholders.map((name) => `{${name}}`).join(', ')}`,
      );
    }
    const template = {
      id: templateId,
      text,
      updatedBy: principal.userId,
      updatedAt: deps.clock.now().toISOString(),
    };
    await deps.config.putTemplate(template);
    return json(200, template);
  },
  'DELETE /api/message-templates/{templateId}': async (event, deps, principal) => {
    requireTemplateEditor(principal);
    const templateId = templateIdOf(event);
    await deps.config.deleteTemplate(templateId);
    return json(200, { id: templateId, text: MESSAGE_TEMPLATES[templateId].text });
  },
  'PUT /api/staff/{userId}/availability': async (event, deps, principal) => {
    const userId = validate(id, event.pathParameters?.userId);
    if (userId !== principal.userId && !hasRole(principal, 'supervisor', 'admin')) {
      throw new ForbiddenError('You can mark only yourself away; a supervisor can mark others');
    }
    const { away } = validate(availabilitySchema, parseJson(event));
    const user = await deps.store.getStaffUser(userId);
    if (!user) throw new NotFoundError('Staff member');
    await deps.store.putStaffUser({ ...user, away });
    return json(200, { userId, away });
  },
};

export const ADMIN_ROUTE_KEYS = Object.keys(routes);

export const createAdminApiHandler = (getDeps: () => AppDependencies) => staffRoutesFunction(getDeps, routes);

export const handler = createAdminApiHandler(awsDependencies);
