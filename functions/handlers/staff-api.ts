import * as z from 'zod/mini';
import { BRANCH_ID_PATTERN } from '../../shared/domain/branches.ts';
import { CHANNELS, lastInboundOn, serviceWindow } from '../../shared/domain/channel.ts';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../shared/domain/ticket.ts';
import type { TicketNarrowing } from '../../shared/domain/ticket-narrowing.ts';
import { requireKnownBranch } from '../../shared/use-cases/branch-admin.ts';
import { getContactForStaff, listMyTickets, searchTickets } from '../../shared/use-cases/inbox-views.ts';
import { listMyNotifications, markNotificationRead } from '../../shared/use-cases/notification-centre.ts';
import { replyToTicket } from '../../shared/use-cases/reply-to-ticket.ts';
import { cannedAnswersWithLinks } from '../../shared/use-cases/society-documents.ts';
import { listStaff } from '../../shared/use-cases/staff-admin.ts';
import {
  addInternalNote,
  getTicketForStaff,
  listTicketsForStaff,
} from '../../shared/use-cases/staff-tickets.ts';
import { getTicketAttachment } from '../../shared/use-cases/ticket-attachment.ts';
import { updateTicketForStaff } from '../../shared/use-cases/update-ticket.ts';
import { requiredMessage } from '../channels/typed-fields.ts';
import { type AppDependencies, replyDeps, staffDeps } from '../lib/dependencies.ts';
import * as parts from '../lib/dependency-parts.ts';
import {
  fileDownload,
  type HttpResult,
  header,
  IDEMPOTENCY_KEY,
  json,
  parseJson,
  pathRecordId,
  requestOrigin,
  validate,
} from '../lib/http.ts';
import { type StaffRoute, staffRoutesFunction } from '../lib/http-handler.ts';
import { attachmentPathSchema, decimalInteger, uploadSchema } from '../lib/inbox-schemas.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

const csv = <T extends z.ZodMiniType<unknown, string>>(item: T) =>
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((value) => (value ? value.split(',').filter(Boolean) : undefined)),
    ),
    z.optional(z.array(item)),
  );

// Strict: a parameter the list does not know is a mistake to report, not one to ignore.
const listQuerySchema = z.strictObject({
  queue: csv(z.string().check(z.minLength(1), z.maxLength(64))),
  status: csv(z.enum(TICKET_STATUSES)),
  limit: z._default(decimalInteger(1, 100), 25),
  cursor: z.optional(z.string().check(z.maxLength(4096))),
  /** `mine`: assigned to the caller (byAssignee index); `q`: search by reference, identity or words written. */
  view: z.optional(z.enum(['mine'])),
  q: z.optional(z.string().check(z.trim(), z.minLength(2), z.maxLength(100))),
  channel: z.optional(z.enum(CHANNELS)),
  priority: z.optional(z.enum(PRIORITIES)),
  type: z.optional(z.enum(TICKET_TYPES)),
  branch: z.optional(z.string().check(z.regex(BRANCH_ID_PATTERN))),
  unassigned: z.optional(z.literal('true')),
  atRisk: z.optional(z.literal('true')),
});

/** What a reply sends and a note keeps: never only invisible or control characters. */
const replyText = requiredMessage(1, 10_000);
/** A reply's Idempotency-Key header: letters, digits and . _ : -, at most 128 (as the other routes take it). */
const replyKeySchema = z.object({
  'Idempotency-Key': z.optional(z.string().check(z.maxLength(128), z.regex(IDEMPOTENCY_KEY))),
});

const messageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('note'), text: replyText }),
  z.strictObject({
    kind: z.literal('reply'),
    text: replyText,
    channel: z.optional(z.enum(CHANNELS)),
    // Our id of the message on the ticket it answers (WhatsApp and Telegram show the answer under it).
    replyTo: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    attachments: z.optional(z.array(uploadSchema).check(z.maxLength(5))),
    template: z.optional(
      z.strictObject({
        name: z.string().check(z.regex(/^[a-z0-9_]{1,512}$/)),
        language: z.string().check(z.regex(/^[a-z]{2}(_[A-Z]{2})?$/)),
        parameters: z._default(z.array(z.string().check(z.maxLength(1024))).check(z.maxLength(10)), []),
      }),
    ),
  }),
]);

const changeSchema = z
  .strictObject({
    status: z.optional(z.enum(TICKET_STATUSES)),
    priority: z.optional(z.enum(PRIORITIES)),
    queueId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    assigneeId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(64)))),
    tags: z.optional(
      z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(20)),
    ),
    branch: z.optional(z.nullable(z.string().check(z.regex(BRANCH_ID_PATTERN)))),
  })
  .check(z.refine((change) => Object.keys(change).length > 0, { message: 'required', path: ['body'] }));

/** The staff API's routes, keyed by API Gateway route key; every one needs a verified staff token. */
const routes: Record<string, StaffRoute> = {
  'GET /api/me': async (_event, _deps, principal) => json(200, principal),
  'GET /api/queues': async (_event, deps) => json(200, { queues: await deps.store.listQueues() }),
  'GET /api/tickets': async (event, deps, principal) => {
    const query = validate(listQuerySchema, event.queryStringParameters ?? {});
    await requireKnownBranch(deps, query.branch);
    if (query.q) return json(200, await searchTickets(deps, principal, query.q, query));
    const narrowing: TicketNarrowing = {
      channel: query.channel,
      priority: query.priority,
      type: query.type,
      branch: query.branch,
      unassigned: query.unassigned === 'true',
      atRiskAt: query.atRisk === 'true' ? deps.clock.now().toISOString() : undefined,
    };
    if (query.view === 'mine')
      return json(200, await listMyTickets(deps, principal, { ...query, narrowing }));
    const page = await listTicketsForStaff(staffDeps(deps), principal, {
      queueIds: query.queue,
      statuses: query.status,
      limit: query.limit,
      cursor: query.cursor,
      narrowing,
    });
    return json(200, page);
  },
  'GET /api/tickets/{id}': async (event, deps, principal) => {
    const thread = await getTicketForStaff(staffDeps(deps), principal, pathRecordId(event, 'Ticket'));
    // Whether a free-form WhatsApp reply is allowed now, or only an approved template (the inbox reads this name).
    const lastOnWhatsApp = lastInboundOn('whatsapp', thread.messages);
    const whatsappWindow = lastOnWhatsApp && serviceWindow('whatsapp', lastOnWhatsApp, deps.clock.now());
    return json(200, { ...thread, whatsappWindow });
  },
  'PATCH /api/tickets/{id}': async (event, deps, principal) => {
    const change = validate(changeSchema, parseJson(event));
    return json(200, await updateTicketForStaff(deps, principal, pathRecordId(event, 'Ticket'), change));
  },
  'POST /api/tickets/{id}/messages': async (event, deps, principal) => {
    const body = validate(messageSchema, parseJson(event));
    // Optional: with one, a retried note or reply is answered 200 with the same message, never made again.
    const idempotencyKey = validate(replyKeySchema, { 'Idempotency-Key': header(event, 'idempotency-key') })[
      'Idempotency-Key'
    ];
    const id = pathRecordId(event, 'Ticket');
    const { message, repeated } =
      body.kind === 'note'
        ? await addInternalNote(replyDeps(deps), principal, id, body.text, idempotencyKey)
        : await replyToTicket(replyDeps(deps), principal, id, {
            text: body.text,
            channel: body.channel,
            replyTo: body.replyTo,
            template: body.template,
            files: body.attachments,
            idempotencyKey,
          });
    return json(repeated ? 200 : 201, message);
  },
  'GET /api/tickets/{id}/messages/{messageId}/attachments/{index}': async (
    event,
    deps,
    principal,
  ): Promise<HttpResult> => {
    const { messageId, index } = validate(attachmentPathSchema, event.pathParameters ?? {});
    const file = await getTicketAttachment(deps, principal, pathRecordId(event, 'Ticket'), messageId, index);
    // In AWS a redirect to a presigned S3 URL: a function's response is capped at 6 MB, files are not.
    if (file.kind === 'link')
      return { statusCode: 302, headers: { location: file.url, 'cache-control': 'private, no-store' } };
    // Always a download, never rendered in the inbox's origin: attachments come from the public.
    return fileDownload(file.name, file.contentType, file.body, 'private, no-store');
  },
  'GET /api/contacts/{id}': async (event, deps, principal) =>
    json(200, await getContactForStaff(deps, principal, pathRecordId(event, 'Contact'))),
  'GET /api/canned-answers': async (event, deps) =>
    json(200, {
      answers: await cannedAnswersWithLinks(
        { documents: deps.config, cannedAnswers: deps.cannedAnswers },
        requestOrigin(event),
      ),
    }),
  'GET /api/notifications': async (_event, deps, principal) =>
    json(200, await listMyNotifications(deps, principal)),
  'POST /api/notifications/{notificationId}/read': async (event, deps, principal) => {
    const notificationId = validate(
      z.string().check(z.minLength(1), z.maxLength(64)),
      event.pathParameters?.notificationId,
    );
    await markNotificationRead(deps, principal, notificationId);
    return json(200, { read: notificationId });
  },
  // Colleagues' names and queues, for assignee names and the assign menu; whole records only to those managing staff.
  'GET /api/staff': async (_event, deps, principal) => json(200, { staff: await listStaff(deps, principal) }),
};

export const STAFF_ROUTE_KEYS = Object.keys(routes);

export const createStaffApiHandler = (getDeps: () => AppDependencies) => staffRoutesFunction(getDeps, routes);

export const handler = createStaffApiHandler(
  lambdaDependencies(
    awsSenders,
    awsStaffTokens,
    parts.auditPart,
    parts.inboxPart,
    parts.messagesPart,
    parts.notificationsPart,
    parts.optOutsPart,
    parts.searchPart,
  ),
);
