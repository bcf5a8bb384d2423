import type { OutboxEntry } from '../../../../shared/api/local-outbox.ts';
import type { CannedAnswer as CannedAnswerText } from '../../../../shared/domain/canned-answers.ts';
import type { Channel, ServiceWindow } from '../../../../shared/domain/channel.ts';
import type { Contact } from '../../../../shared/domain/contact.ts';
import type { DeliveryPlan } from '../../../../shared/domain/delivery.ts';
import type { Message } from '../../../../shared/domain/message.ts';
import type { MessageTemplateId } from '../../../../shared/domain/message-templates.ts';
import type { Queue } from '../../../../shared/domain/queue.ts';
import type { DocumentSlug, SocietyDocument } from '../../../../shared/domain/society-documents.ts';
import type { Principal, StaffUser } from '../../../../shared/domain/staff.ts';
import type { Priority, Ticket, TicketStatus, TicketType } from '../../../../shared/domain/ticket.ts';
import type { TicketRow } from '../../../../shared/domain/ticket-row.ts';
import type { QuarantinedEmail, QuarantinePage } from '../../../../shared/ports/quarantine.ts';
import type { TicketEventRecord } from '../../../../shared/ports/ticket-store.ts';
import type { AgentFigures, Overview } from '../../../../shared/reports/overview.ts';
import type { CaseInput } from '../../../../shared/use-cases/advance-support-case.ts';
import type { VisitFindings, VisitPlan } from '../../../../shared/use-cases/home-visits.ts';
import type { SearchPage } from '../../../../shared/use-cases/inbox-views.ts';
import type { StaffLoggedContact } from '../../../../shared/use-cases/log-staff-contact.ts';
import type { SurveySlip } from '../../../../shared/use-cases/survey-slip.ts';
import type { TicketChange } from '../../../../shared/use-cases/update-ticket.ts';
import type { UploadBody } from '../files.ts';

export type {
  Channel,
  Contact,
  Message,
  Overview,
  Principal,
  Priority,
  Queue,
  StaffUser,
  TicketChange,
  TicketStatus,
  TicketType,
};

export type InboxTicket = Ticket;
/** A ticket as the inbox lists it (a list page, a search result). */
export type InboxRow = TicketRow;
/** What a support-request step carries: the checklist, the decision, the household, the service. */
export type CaseStepInput = CaseInput;
export type { DeliveryPlan, SurveySlip, VisitPlan };
/** A visit's report as the visit page sends it: photos as base64 inside the JSON body. */
export type VisitReportBody = Omit<VisitFindings, 'photos'> & { photos: UploadBody[] };
export type TicketEvent = TicketEventRecord;
export type { QuarantinedEmail, QuarantinePage };

/** A list page or a page of search results (which may say that nothing in the text could be looked up). */
export type TicketPage = SearchPage;

export interface TicketThread {
  ticket: InboxTicket;
  messages: Message[];
  events: TicketEvent[];
  /** Whether WhatsApp still allows a free-form reply (absent when the beneficiary never wrote on WhatsApp). */
  whatsappWindow?: ServiceWindow;
}

/** An approved WhatsApp template with its parameters, for replies after the 24-hour window. */
export interface TemplateReply {
  name: string;
  language: string;
  parameters: string[];
}

export interface ContactPanel {
  contact: Contact;
  tickets: InboxTicket[];
}

/** A staff-logged contact as the inbox sends it: the scan travels as base64 inside the JSON body. */
export type StaffContactForm = Omit<StaffLoggedContact, 'scan'> & { scan?: UploadBody };

export interface ListQuery {
  queues?: string[];
  statuses?: TicketStatus[];
  view?: 'mine';
  q?: string;
  cursor?: string;
  limit?: number;
  /** Narrowing the server applies to the view (TicketNarrowing, with at-risk judged at the server's now). */
  channel?: Channel;
  priority?: Priority;
  type?: TicketType;
  branch?: string;
  unassigned?: boolean;
  atRisk?: boolean;
}

/** An automatic message to beneficiaries as supervisors edit it. */
export interface MessageTemplateView {
  id: MessageTemplateId;
  placeholders: string[];
  defaultText: string;
  text: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** A canned answer as staff insert it: its uploaded documents' public links, and those still missing. */
export type CannedAnswer = CannedAnswerText & { links: string[]; missingDocuments: DocumentSlug[] };

/** One of the society's reference documents, and its upload if there is one. */
export interface SocietyDocumentView {
  slug: SocietyDocument['slug'];
  titleAr: string;
  titleEn: string;
  path: string;
  uploaded: SocietyDocument | null;
}

/** What `npm start` would have sent to a provider (the local outbox; not in AWS). */
export type LocalOutboxEntry = OutboxEntry;

/** A staff member's figures on the reports page, named for those who coach. */
export type NamedAgentFigures = AgentFigures & { name?: string };
