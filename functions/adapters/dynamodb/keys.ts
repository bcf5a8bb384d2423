import type { Channel, StoppableChannel } from '../../../shared/domain/channel.ts';
import { type Identity, identityKey } from '../../../shared/domain/identity.ts';
import { isActive, type Ticket, type TicketStatus } from '../../../shared/domain/ticket.ts';
import { riyadhDay } from '../../../shared/reports/reported-ticket.ts';

/** Key builders: every item's keys are made here and nowhere else. */
export const keys = {
  ticket: (ticketId: string) => ({ PK: `TICKET#${ticketId}`, SK: 'META' }),
  message: (ticketId: string, messageId: string) => ({ PK: `TICKET#${ticketId}`, SK: `MSG#${messageId}` }),
  event: (ticketId: string, eventId: string) => ({ PK: `TICKET#${ticketId}`, SK: `EVT#${eventId}` }),
  contact: (contactId: string) => ({ PK: `CONTACT#${contactId}`, SK: 'PROFILE' }),
  identity: (identity: Identity) => ({ PK: `IDENT#${identityKey(identity)}`, SK: 'IDENT' }),
  inboundGuard: (channel: Channel, providerMessageId: string) => ({
    PK: `INBOUND#${channel}#${providerMessageId}`,
    SK: 'GUARD',
  }),
  /** A sender's conversation on a channel: the ticket their next message there joins. */
  conversation: (channel: Channel, identity: Identity) => ({
    PK: `CONV#${channel}#${identityKey(identity)}`,
    SK: 'CONV',
  }),
  outboundMessage: (channel: Channel, providerMessageId: string) => ({
    PK: `OUTBOUND#${channel}#${providerMessageId}`,
    SK: 'OUTBOUND',
  }),
  reference: (reference: string) => ({ PK: `REF#${reference}`, SK: 'REF' }),
  /** An email Message-ID (without angle brackets) we received or sent → its ticket, for threading replies. */
  emailId: (messageId: string) => ({ PK: `EMAILID#${messageId}`, SK: 'EMAILID' }),
  /** When a sender was last acknowledged automatically (RFC 3834 rate limit). */
  acknowledgement: (address: string) => ({ PK: `ACK#email#${address}`, SK: 'ACK' }),
  /** Received mail held back (DMARC failed), one partition read newest first by supervisors. */
  quarantinedEmail: (receivedAt: string, id: string) => ({
    PK: 'QUARANTINE#email',
    SK: `${receivedAt}#${id}`,
  }),
  /** A fixed-window counter of one rate limit for one key (client IP, phone); expires with its window. */
  rateWindow: (limitName: string, key: string, windowStart: number) => ({
    PK: `RATE#${limitName}#${key}`,
    SK: `WINDOW#${windowStart}`,
  }),
  /** The latest one-time code that opens a request's status page (hash only). */
  statusCode: (reference: string) => ({ PK: `STATUSCODE#${reference}`, SK: 'CODE' }),
  statusCodeElsewhere: (reference: string, phoneHash: string) => ({
    PK: `STATUSCODE#${reference}`,
    SK: `ELSEWHERE#${phoneHash}`,
  }),
  /** Registered families, one small item each in one partition, read whole by an announcement. */
  registeredBeneficiary: (contactId: string) => ({ PK: 'BENEFICIARIES', SK: `CONTACT#${contactId}` }),
  /** Announcements in one partition, ids sorting by time, so the page lists the latest with one Query. */
  campaign: (campaignId: string) => ({ PK: 'CAMPAIGNS', SK: `CAMPAIGN#${campaignId}` }),
  referenceCounter: (year: number) => ({ PK: `COUNTER#REFERENCE#${year}`, SK: 'COUNTER' }),
  queue: (queueId: string) => ({ PK: 'CONFIG#QUEUES', SK: `QUEUE#${queueId}` }),
  staffUser: (userId: string) => ({ PK: 'CONFIG#STAFF', SK: `USER#${userId}` }),
  marker: (name: string) => ({ PK: 'CONFIG#MARKERS', SK: `MARKER#${name}` }),
  ruleSetCurrent: () => ({ PK: 'CONFIG#RULES', SK: 'CURRENT' }),
  ruleSetVersion: (version: number) => ({
    PK: 'CONFIG#RULES',
    SK: `VERSION#${String(version).padStart(10, '0')}`,
  }),
  slaPolicy: (policyId: string) => ({ PK: 'CONFIG#SLA', SK: `POLICY#${policyId}` }),
  businessCalendar: () => ({ PK: 'CONFIG#CALENDAR', SK: 'CALENDAR' }),
  societyDocument: (slug: string) => ({ PK: 'CONFIG#DOCUMENTS', SK: `DOCUMENT#${slug}` }),
  messageTemplate: (templateId: string) => ({ PK: 'CONFIG#TEMPLATES', SK: `TEMPLATE#${templateId}` }),
  /** The society's branches, one small partition read whole (and cached) by the forms and the inbox. */
  branch: (branchId: string) => ({ PK: 'CONFIG#BRANCHES', SK: `BRANCH#${branchId}` }),
  /** Canned answers, one small partition read whole (and cached) by the composer. */
  cannedAnswer: (answerId: string) => ({ PK: 'CONFIG#CANNED', SK: `ANSWER#${answerId}` }),
  /** An answer's earlier versions, its own partition; zero-padded so they sort by number. */
  cannedAnswerVersion: (answerId: string, version: number) => ({
    PK: `CONFIG#CANNED#${answerId}`,
    SK: `VERSION#${String(version).padStart(6, '0')}`,
  }),
  /** The society's WhatsApp templates, one small partition read whole (and cached). */
  whatsappTemplate: (name: string, language: string) => ({
    PK: 'CONFIG#WHATSAPP_TEMPLATES',
    SK: `TEMPLATE#${name}#${language}`,
  }),
  /** The society's macros, one small partition read whole (and cached) by the inbox. */
  macro: (macroId: string) => ({ PK: 'CONFIG#MACROS', SK: `MACRO#${macroId}` }),
  /** Who changed which setting: one partition, read newest first by admins. */
  auditEntry: (at: string, id: string) => ({ PK: 'CONFIG#AUDIT', SK: `ENTRY#${at}#${id}` }),
  /** A person's notification centre: one partition each, ids sort by time. */
  staffNotification: (userId: string, notificationId: string) => ({
    PK: `NOTICES#${userId}`,
    SK: `NOTICE#${notificationId}`,
  }),
  /** Whether a notice's email went (or is being sent), so it goes once however often the notice is told. */
  noticeEmail: (userId: string, notificationId: string) => ({
    PK: `NOTICEMAIL#${userId}#${notificationId}`,
    SK: 'EMAIL',
  }),
  /** The society's name, logo, colour, contacts and hours (staff-only configuration). */
  societyProfile: () => ({ PK: 'CONFIG#SOCIETY', SK: 'PROFILE' }),
  /** An answer of the knowledge base (staff-only configuration). */
  knowledgeAnswer: (answerId: string) => ({ PK: 'CONFIG#ANSWERS', SK: `ANSWER#${answerId}` }),
  /** How often an answer was sent automatically and what beneficiaries replied (intake counts, so not CONFIG#). */
  answerUse: (answerId: string) => ({ PK: 'ANSWERUSE', SK: `ANSWER#${answerId}` }),
  escalationWatermark: () => ({ PK: 'CONFIG#ESCALATION', SK: 'WATERMARK' }),
  /**
   * When a support case next needs the reminder sweep. One partition read by due time: a society's cases write a
   * few entries a day, far below a partition's limits, and the sweep's Query reads only the due ones.
   */
  reminderAgenda: (at: string, ticketId: string) => ({ PK: 'REMINDERS#AGENDA', SK: `${at}#${ticketId}` }),
  /** Live inbox connections of the WebSocket API: one small partition, as many items as staff online. */
  liveConnection: (connectionId: string) => ({ PK: 'LIVE#CONNECTIONS', SK: `CONN#${connectionId}` }),
  /** Word index for name/subject search: one partition per folded word. */
  searchToken: (token: string, ticketId: string) => ({ PK: `WORD#${token}`, SK: `TICKET#${ticketId}` }),
  /** The name and subject words a ticket is indexed under, so a change that keeps them writes no word again. */
  searchHeader: (ticketId: string) => ({ PK: `WORDS#${ticketId}`, SK: 'HEADER' }),
  /** A satisfaction survey, by the SHA-256 of its link's token; short-lived (TABLE_EXPIRY_ATTRIBUTE). */
  survey: (tokenHash: string) => ({ PK: `SURVEY#${tokenHash}`, SK: 'SURVEY' }),
  /** A printed survey slip's short link, by the SHA-256 of its code; expires with its survey. */
  surveyShortLink: (codeHash: string) => ({ PK: `SHORTLINK#${codeHash}`, SK: 'LINK' }),
  /** An applicant's single-use link to upload missing documents, by the SHA-256 of its token; short-lived. */
  uploadLink: (tokenHash: string) => ({ PK: `UPLOADLINK#${tokenHash}`, SK: 'LINK' }),
  /** The latest survey sent to an address on a channel, so a digit replied from there answers it. */
  surveySentTo: (channel: Channel, to: string) => ({ PK: `SURVEYTO#${channel}#${to}`, SK: 'SURVEY' }),
  /** A number's latest opt-out word, kept even before the number belongs to any contact. */
  optOut: (channel: StoppableChannel, address: string) => ({
    PK: `OPTOUT#${channel}#${address}`,
    SK: 'OPTOUT',
  }),
  /** One automatic message's intent and state, beside its ticket's other items by id. */
  outboxMessage: (id: string) => ({ PK: `OUTBOX#${id}`, SK: 'OUTBOX' }),
  /** Pointers to the automatic messages still pending: one small partition the drain reads. */
  outboxPending: (id: string) => ({ PK: 'OUTBOX#PENDING', SK: `MSG#${id}` }),
  /** Automatic texts sent to unconfirmed numbers on one day, society-wide. */
  textBudget: (day: string) => ({ PK: 'BUDGET#UNCONFIRMED_TEXTS', SK: `DAY#${day}` }),
  staffLogin: (email: string) => ({ PK: `LOGIN#${email.toLowerCase()}`, SK: 'LOGIN' }),
  // Report aggregates: one partition per month, so a date range is one Query per month it touches.
  reportCell: (day: string, queueId: string, channel: string, branch: string) => ({
    PK: reportMonthPartition(day.slice(0, 7)),
    SK: `CELL#${day}#${queueId}#${channel}#${branch}`,
  }),
  reportAgent: (day: string, agentId: string) => ({
    PK: reportMonthPartition(day.slice(0, 7)),
    SK: `AGENT#${day}#${agentId}`,
  }),
  reportBacklog: (queueId: string, createdDay: string) => ({
    PK: 'REPORT#BACKLOG',
    SK: `${queueId}#${createdDay}`,
  }),
  /** An agent's active tickets, kept by the report aggregator: one small item per agent. */
  agentLoad: (agentId: string) => ({ PK: 'REPORT#LOAD', SK: `AGENT#${agentId}` }),
  /** A ticket change (`ticketId#version`) already counted: written with its increments, short-lived. */
  reportedChange: (changeId: string) => ({ PK: `REPORTED#${changeId}`, SK: 'CHANGE' }),
  /** Failed attempts at one stream record, so one that never succeeds is set aside after a few; short-lived. */
  streamAttempts: (consumer: string, sequenceNumber: string) => ({
    PK: `STREAMFAIL#${consumer}#${sequenceNumber}`,
    SK: 'ATTEMPTS',
  }),
};

export const createdDayPartition = (day: string) => `CREATED#${day}`;

/** A contact's tickets (byContact index). */
export const contactTicketsPartition = (contactId: string) => `CONTACT#${contactId}`;

/** An agent's assigned tickets (byAssignee index). */
export const assigneePartition = (userId: string) => `AGENT#${userId}`;

/** A month of report aggregates: a date range is one Query per month it touches. */
export const reportMonthPartition = (month: string) => `REPORT#${month}`;

export const queueStatusPartition = (queueId: string, status: TicketStatus) =>
  `QUEUE#${queueId}#STATUS#${status}`;

/** Index keys of a ticket, derived from its fields each time it is written so they never drift. */
export function ticketIndexKeys(ticket: Ticket): Record<string, string> {
  const activity = `${ticket.lastActivityAt}#${ticket.id}`;
  const indexKeys: Record<string, string> = {
    GSI1PK: queueStatusPartition(ticket.queueId, ticket.status),
    GSI1SK: activity,
    GSI3PK: contactTicketsPartition(ticket.contactId),
    GSI3SK: `${isActive(ticket.status) ? 'ACTIVE' : 'DONE'}#${ticket.channel}#${ticket.createdAt}`,
    GSI5PK: createdDayPartition(riyadhDay(ticket.createdAt)),
    GSI5SK: `${ticket.createdAt}#${ticket.id}`,
  };
  if (ticket.assigneeId) {
    indexKeys.GSI2PK = assigneePartition(ticket.assigneeId);
    indexKeys.GSI2SK = activity;
  }
  // Sparse: only a ticket with a running clock is in the escalation index, under the hour its next check falls in.
  const nextCheckAt = isActive(ticket.status) ? ticket.sla?.nextCheckAt : undefined;
  if (nextCheckAt) {
    indexKeys.GSI4PK = dueBucketPartition(nextCheckAt);
    indexKeys.GSI4SK = `${nextCheckAt}#${ticket.id}`;
  }
  return indexKeys;
}

/** Escalation buckets are hours: a sweep reads the buckets since its last run, each Query only the due part. */
export const dueBucketPartition = (instant: string) => `DUE#${instant.slice(0, 13)}`;

/** The ticket a ticket item's partition key names (`keys.ticket` read backwards). */
export const ticketIdOfPartition = (partitionKey: string) => partitionKey.slice('TICKET#'.length);

export function activeTicketPrefix(channel: Channel): string {
  return `ACTIVE#${channel}#`;
}
