import type { Branch } from '../../../../shared/domain/branches.ts';
import type { Macro } from '../../../../shared/domain/macro.ts';
import type { UploadBody } from '../files.ts';
import { call, send } from './http.ts';
import type {
  CannedAnswer,
  CaseStepInput,
  ContactPanel,
  DeliveryPlan,
  InboxTicket,
  ListQuery,
  LocalOutboxEntry,
  Message,
  MessageTemplateView,
  NamedAgentFigures,
  Overview,
  Principal,
  QuarantinePage,
  Queue,
  SocietyDocumentView,
  StaffContactForm,
  StaffUser,
  SurveySlip,
  TemplateReply,
  TicketChange,
  TicketPage,
  TicketThread,
  VisitPlan,
  VisitReportBody,
} from './types.ts';

function listParams(query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.queues?.length) params.set('queue', query.queues.join(','));
  if (query.statuses?.length) params.set('status', query.statuses.join(','));
  if (query.view) params.set('view', query.view);
  if (query.q) params.set('q', query.q);
  if (query.cursor) params.set('cursor', query.cursor);
  for (const name of ['channel', 'priority', 'type', 'branch'] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  if (query.unassigned) params.set('unassigned', 'true');
  if (query.atRisk) params.set('atRisk', 'true');
  params.set('limit', String(query.limit ?? 50));
  return params.toString();
}

const rangeParams = (from: string, to: string) => new URLSearchParams({ from, to }).toString();

export const api = {
  me: () => call<Principal>('GET', '/api/me'),
  queues: () => call<{ queues: Queue[] }>('GET', '/api/queues').then((result) => result.queues),
  staff: () => call<{ staff: StaffUser[] }>('GET', '/api/staff').then((result) => result.staff),
  branches: () => call<{ branches: Branch[] }>('GET', '/api/branches').then((result) => result.branches),
  tickets: (query: ListQuery) => call<TicketPage>('GET', `/api/tickets?${listParams(query)}`),
  ticket: (id: string) => call<TicketThread>('GET', `/api/tickets/${encodeURIComponent(id)}`),
  updateTicket: (id: string, change: TicketChange) =>
    call<InboxTicket>('PATCH', `/api/tickets/${encodeURIComponent(id)}`, change),
  /** `idempotencyKey`: one per reply composed, sent again with it when it is retried (it is then never sent twice). */
  reply: (
    id: string,
    text: string,
    channel?: string,
    attachments: UploadBody[] = [],
    template?: TemplateReply,
    idempotencyKey?: string,
    replyTo?: string,
  ) =>
    call<Message>(
      'POST',
      `/api/tickets/${encodeURIComponent(id)}/messages`,
      {
        kind: 'reply',
        text,
        channel,
        attachments: attachments.length > 0 ? attachments : undefined,
        template,
        replyTo,
      },
      idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {},
    ),
  caseStep: (id: string, action: string, input: CaseStepInput) =>
    call<InboxTicket>(
      'POST',
      `/api/tickets/${encodeURIComponent(id)}/case/${encodeURIComponent(action)}`,
      input,
    ),
  /** A home visit from the ticket's support case; the beneficiary is told its date. */
  scheduleVisit: (id: string, plan: VisitPlan) =>
    call<InboxTicket>('POST', `/api/tickets/${encodeURIComponent(id)}/visits`, plan),
  /** What the visit found, marking it made. */
  recordVisit: (id: string, visitId: string, report: VisitReportBody) =>
    call<InboxTicket>(
      'POST',
      `/api/tickets/${encodeURIComponent(id)}/visits/${encodeURIComponent(visitId)}/report`,
      report,
    ),
  planDeliveries: (id: string, plan: DeliveryPlan) =>
    call<InboxTicket>('POST', `/api/tickets/${encodeURIComponent(id)}/deliveries`, plan),
  recordDelivery: (id: string, deliveryId: string, item: string) =>
    call<InboxTicket>(
      'POST',
      `/api/tickets/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/delivered`,
      { item },
    ),
  /** A walk-in's printable survey slip; a new link each time. */
  surveySlip: (id: string) =>
    call<SurveySlip>('POST', `/api/tickets/${encodeURIComponent(id)}/survey-slip`, {}),
  /** `idempotencyKey`: as a reply's, one per note composed (a retried note is then never recorded twice). */
  note: (id: string, text: string, idempotencyKey?: string) =>
    call<Message>(
      'POST',
      `/api/tickets/${encodeURIComponent(id)}/messages`,
      { kind: 'note', text },
      idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {},
    ),
  /** An attachment as a Blob: the bearer token cannot ride on a plain link. */
  attachment: (ticketId: string, messageId: string, index: number): Promise<Blob> =>
    send(
      'GET',
      `/api/tickets/${encodeURIComponent(ticketId)}/messages/${encodeURIComponent(messageId)}/attachments/${index}`,
    ).then((response) => response.blob()),
  contact: (id: string) => call<ContactPanel>('GET', `/api/contacts/${encodeURIComponent(id)}`),
  /** Staff decided two records are one beneficiary: `sourceId`'s identities and tickets move to `targetId`. */
  mergeContacts: (targetId: string, sourceId: string) =>
    call<unknown>('POST', `/api/contacts/${encodeURIComponent(targetId)}/merge`, {
      sourceContactId: sourceId,
    }),
  macros: () => call<{ macros: Macro[] }>('GET', '/api/macros').then((result) => result.macros),
  cannedAnswers: () =>
    call<{ answers: CannedAnswer[] }>('GET', '/api/canned-answers').then((result) => result.answers),
  documents: () =>
    call<{ documents: SocietyDocumentView[] }>('GET', '/api/documents').then((result) => result.documents),
  uploadDocument: (slug: string, base64: string) =>
    call<SocietyDocumentView['uploaded']>('PUT', `/api/documents/${encodeURIComponent(slug)}`, { base64 }),
  messageTemplates: () =>
    call<{ templates: MessageTemplateView[] }>('GET', '/api/message-templates').then(
      (result) => result.templates,
    ),
  saveMessageTemplate: (id: string, text: string) =>
    call<MessageTemplateView>('PUT', `/api/message-templates/${encodeURIComponent(id)}`, { text }),
  resetMessageTemplate: (id: string) =>
    call<{ id: string; text: string }>('DELETE', `/api/message-templates/${encodeURIComponent(id)}`),
  /** `npm start` only: what would have gone to SES, SNS and the platforms. */
  quarantine: (cursor?: string) =>
    call<QuarantinePage>('GET', `/api/quarantine${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
  localOutbox: () =>
    call<{ entries: LocalOutboxEntry[] }>('GET', '/local/outbox').then((result) => result.entries),
  reportOverview: (from: string, to: string) =>
    call<Overview>('GET', `/api/reports/overview?${rangeParams(from, to)}`),
  reportAgents: (from: string, to: string) =>
    call<{ agents: NamedAgentFigures[] }>('GET', `/api/reports/agents?${rangeParams(from, to)}`).then(
      (result) => result.agents,
    ),
  /** A report as CSV, for the browser to download. */
  reportExport: (report: string, from: string, to: string): Promise<Blob> =>
    send('GET', `/api/reports/export/${encodeURIComponent(report)}?${rangeParams(from, to)}`).then(
      (response) => response.blob(),
    ),
  logContact: (form: StaffContactForm) =>
    call<
      | { ticketId: string; reference: string; outcome: string }
      | { outcome: string; reference?: string; outsideYourQueues: true }
    >('POST', '/api/tickets', form),
};
