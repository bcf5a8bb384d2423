import type { UploadBody } from '../files.ts';
import { apiUrl } from './base.ts';
import { currentToken } from './token.ts';
import {
  ApiError,
  type CannedAnswer,
  type CaseStepInput,
  type ContactPanel,
  type InboxTicket,
  type ListQuery,
  type LocalOutboxEntry,
  type Message,
  type MessageTemplateView,
  type Principal,
  type QuarantinePage,
  type Queue,
  type SocietyDocumentView,
  type StaffContactForm,
  type StaffUser,
  type TemplateReply,
  type TicketChange,
  type TicketPage,
  type TicketThread,
} from './types.ts';

let unauthorized: () => void = () => undefined;

/** Called when the API refuses the token (expired, revoked): the session ends and sign-in shows again. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

/** The staff API, typed; the only place the inbox calls fetch for data. */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = currentToken();
  const response = await fetch(apiUrl(path), {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
  if (response.status === 401) unauthorized();
  if (!response.ok)
    throw new ApiError(response.status, payload.error ?? 'error', payload.message ?? response.statusText);
  return payload as T;
}

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

export const api = {
  me: () => call<Principal>('GET', '/api/me'),
  queues: () => call<{ queues: Queue[] }>('GET', '/api/queues').then((result) => result.queues),
  staff: () => call<{ staff: StaffUser[] }>('GET', '/api/staff').then((result) => result.staff),
  tickets: (query: ListQuery) => call<TicketPage>('GET', `/api/tickets?${listParams(query)}`),
  ticket: (id: string) => call<TicketThread>('GET', `/api/tickets/${encodeURIComponent(id)}`),
  updateTicket: (id: string, change: TicketChange) =>
    call<InboxTicket>('PATCH', `/api/tickets/${encodeURIComponent(id)}`, change),
  reply: (
    id: string,
    text: string,
    channel?: string,
    attachments: UploadBody[] = [],
    template?: TemplateReply,
  ) =>
    call<Message>('POST', `/api/tickets/${encodeURIComponent(id)}/messages`, {
      kind: 'reply',
      text,
      channel,
      attachments: attachments.length > 0 ? attachments : undefined,
      template,
    }),
  caseStep: (id: string, action: string, input: CaseStepInput) =>
    call<InboxTicket>(
      'POST',
      `/api/tickets/${encodeURIComponent(id)}/case/${encodeURIComponent(action)}`,
      input,
    ),
  note: (id: string, text: string) =>
    call<Message>('POST', `/api/tickets/${encodeURIComponent(id)}/messages`, { kind: 'note', text }),
  /** An attachment as a Blob: the bearer token cannot ride on a plain link. */
  attachment: async (ticketId: string, messageId: string, index: number): Promise<Blob> => {
    const path = `/api/tickets/${encodeURIComponent(ticketId)}/messages/${encodeURIComponent(messageId)}/attachments/${index}`;
    const response = await fetch(apiUrl(path), {
      headers: { authorization: `Bearer ${currentToken() ?? ''}` },
    });
    if (!response.ok) throw new ApiError(response.status, 'download_failed', response.statusText);
    return response.blob();
  },
  contact: (id: string) => call<ContactPanel>('GET', `/api/contacts/${encodeURIComponent(id)}`),
  /** Staff decided two records are one beneficiary: `sourceId`'s identities and tickets move to `targetId`. */
  mergeContacts: (targetId: string, sourceId: string) =>
    call<unknown>('POST', `/api/contacts/${encodeURIComponent(targetId)}/merge`, {
      sourceContactId: sourceId,
    }),
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
  logContact: (form: StaffContactForm) =>
    call<{ ticketId: string; reference: string; outcome: string }>('POST', '/api/tickets', form),
};
