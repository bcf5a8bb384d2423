import { type Channel, channelTraits, serviceWindow } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import { GoneError, NotFoundError } from '../domain/errors.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import { linkToken } from '../domain/link-token.ts';
import type { Message } from '../domain/message.ts';
import { renderTemplate } from '../domain/message-templates.ts';
import { addressKindOf, replyAddress } from '../domain/reply-address.ts';
import {
  cleanComment,
  isDueForSurvey,
  parseRatingReply,
  SURVEY_VALIDITY_DAYS,
  type Survey,
  type SurveyAnswer,
  type SurveyScore,
  type SurveyState,
  surveyState,
  surveyValidUntil,
} from '../domain/survey.ts';
import { isShortCodeShape, openSurveyToken, shortCodeHash } from '../domain/survey-slip.ts';
import { hashSurveyToken, isSurveyTokenShape, newSurveyToken, surveyLink } from '../domain/survey-token.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { Clock } from '../ports/clock.ts';
import type { TicketEventPublisher } from '../ports/events.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { AutomaticMessage } from '../ports/outbox.ts';
import type { SurveyStore } from '../ports/survey-store.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import { type AutomaticDeps, deliverAutomatic } from './automatic-messages.ts';
import { notifyBeneficiary } from './notify-beneficiary.ts';
import { ticketEvent } from './ticket-events.ts';

export interface SurveyDeps extends AutomaticDeps {
  store: AutomaticDeps['store'] & {
    getTicket(ticketId: string): Promise<Ticket | undefined>;
    getContact(contactId: string): Promise<Contact | undefined>;
    findActiveTicket(contactId: string, channel: Channel): Promise<Ticket | undefined>;
    updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
    addEvents(events: TicketEventRecord[]): Promise<void>;
    addMessage(ticket: Ticket, message: Message, events: TicketEventRecord[]): Promise<void>;
  };
  surveys: SurveyStore;
  clock: Clock;
  ids: IdGenerator;
  events: TicketEventPublisher;
  senders: OutboundSenders;
  templates: MessageTemplateSource;
}

export interface SurveyOfferDeps extends SurveyDeps {
  /** Where beneficiaries open the public pages (CloudFront in AWS, the local server in `npm start`). */
  publicSiteUrl: string;
}

export type SurveyOfferOutcome = 'sent' | 'not_due' | 'no_channel' | 'already_offered';

/**
 * Offers the ticket's one survey once it is done: a single-use link (and, where the channel allows, a digit
 * reply) sent on the beneficiary's channel. Safe to run on every change of the ticket: the offer is the ticket's
 * one `survey` outbox item (put-if-absent), so a retried or repeated event, or a ticket reopened and resolved
 * again, never sends a second; one recorded but not yet sent (a crash) is finished here or by the drain.
 */
export async function offerSurvey(deps: SurveyOfferDeps, ticketId: string): Promise<SurveyOfferOutcome> {
  const now = deps.clock.now();
  const ticket = await deps.store.getTicket(ticketId);
  if (!ticket || !isDueForSurvey(ticket, now)) return 'not_due';
  const contact = await deps.store.getContact(ticket.contactId);
  const address = contact && replyAddress(contact, ticket.channel);
  const sender = address && deps.senders[address.channel];
  if (!address || !sender) return 'no_channel';

  const token = newSurveyToken();
  const tokenHash = await hashSurveyToken(token);
  const at = now.toISOString();
  const survey: Survey = {
    tokenHash,
    ticketId: ticket.id,
    reference: ticket.reference,
    contactId: ticket.contactId,
    channel: address.channel,
    to: address.to,
    sentAt: at,
    validUntil: surveyValidUntil(now),
  };
  const link = surveyLink(deps.publicSiteUrl, token);
  const text = renderTemplate((await deps.templates.load()).survey_invitation, {
    reference: ticket.reference,
    link,
  });
  // Past a service window only an approved template may be sent; the society registers this one.
  const lastInbound = ticket.channel === address.channel ? ticket.lastInboundAt : undefined;
  const window = serviceWindow(address.channel, lastInbound, now);
  const template =
    window && !window.open
      ? { name: 'survey_invitation', language: 'ar', parameters: [ticket.reference, link] }
      : undefined;
  const intent: AutomaticMessage = {
    id: `${ticket.id}#survey`,
    ticketId: ticket.id,
    kind: 'survey',
    address,
    text,
    subject: `رأيكم في خدمتنا [#${ticket.reference}]`,
    ...(template && { template }),
    event: {
      type: 'survey_sent',
      data: {
        channel: address.channel,
        validDays: SURVEY_VALIDITY_DAYS,
        validUntil: survey.validUntil,
      },
    },
    survey: { survey, acceptsReplies: channelTraits(address.channel).digitReplies },
    createdAt: at,
  };
  const offered = await deps.outbox.record(intent);
  await deliverAutomatic(deps, intent.id);
  return offered ? 'sent' : 'already_offered';
}

/** Where a slip's short link leads: its survey's page, while the survey is valid. */
export async function followSurveyShortLink(deps: SurveyOfferDeps, code: string): Promise<string> {
  const link = isShortCodeShape(code)
    ? await deps.surveys.getShortLink(await shortCodeHash(code), deps.clock.now())
    : undefined;
  const token = link && (await openSurveyToken(code, link.sealedToken));
  if (!token) throw new NotFoundError('Survey link');
  return surveyLink(deps.publicSiteUrl, token);
}

export interface SurveyView {
  state: SurveyState;
  reference: string;
}

async function surveyOfToken(deps: SurveyDeps, link: string): Promise<Survey> {
  const token = linkToken(link);
  const survey = isSurveyTokenShape(token)
    ? await deps.surveys.getSurvey(await hashSurveyToken(token))
    : undefined;
  if (!survey) throw new NotFoundError('Survey');
  return survey;
}

/** What the survey page shows: open, answered or expired, and which request it is about. */
export async function viewSurvey(deps: SurveyDeps, token: string): Promise<SurveyView> {
  const survey = await surveyOfToken(deps, token);
  return { state: surveyState(survey, deps.clock.now()), reference: survey.reference };
}

function goneError(state: Exclude<SurveyState, 'open'>): GoneError {
  return state === 'answered'
    ? new GoneError('This survey has already been answered; each link is used once. Thank you.', {
        code: 'survey_answered',
        messageAr: 'تم الرد على هذا الاستبيان من قبل، فالرابط يُستخدم مرة واحدة. شكراً لكم.',
      })
    : new GoneError(`This survey link has expired; links are valid for ${SURVEY_VALIDITY_DAYS} days.`, {
        code: 'survey_expired',
        messageAr: `انتهت صلاحية رابط الاستبيان، فالروابط صالحة ${SURVEY_VALIDITY_DAYS} يوماً.`,
      });
}

/** An answer through the link's page; the link works once, and only while it is valid. */
export async function answerSurveyByLink(
  deps: SurveyDeps,
  token: string,
  input: { score: SurveyScore; comment?: string },
): Promise<SurveyView> {
  const survey = await surveyOfToken(deps, token);
  const now = deps.clock.now();
  const state = surveyState(survey, now);
  if (state !== 'open') throw goneError(state);
  const answer: SurveyAnswer = {
    score: input.score,
    comment: cleanComment(input.comment),
    answeredAt: now.toISOString(),
    via: 'link',
  };
  if (!(await deps.surveys.recordAnswer(survey.tokenHash, answer, now))) {
    // Answered (or expired) between our read and our write: the other answer stands.
    const latest = await deps.surveys.getSurvey(survey.tokenHash);
    throw goneError(latest?.answer ? 'answered' : 'expired');
  }
  await applyAnswer(deps, survey, answer);
  return { state: 'answered', reference: survey.reference };
}

export interface SurveyReplyResult {
  outcome: 'survey_answered' | 'survey_duplicate';
  ticketId: string;
}

/**
 * A message that is only a rating digit, from an address with an open survey on that channel and no conversation
 * going on there, answers it and is thanked; it makes no ticket and no follow-up. Anything else (`undefined`) is
 * an ordinary message for intake. A provider's redelivery of the same message is recognised by its id and changes
 * nothing.
 */
export async function answerSurveyByReply(
  deps: SurveyDeps,
  inbound: InboundContact,
): Promise<SurveyReplyResult | undefined> {
  const score = parseRatingReply(inbound.text);
  if (score === undefined || inbound.attachments.length > 0) return undefined;
  const kind = addressKindOf(inbound.channel);
  const from = kind && inbound.identities.find((identity) => identity.kind === kind)?.value;
  if (!from) return undefined;
  const now = deps.clock.now();
  const survey = await deps.surveys.findSurveySentTo(inbound.channel, from, now);
  if (!survey) return undefined;
  if (isSameReply(survey.answer, inbound)) return duplicateReply(deps, survey, inbound, from);
  if (surveyState(survey, now) !== 'open') return undefined;
  // While a conversation is going on there, a digit answers it ("how many children?"), not the survey.
  if (await deps.store.findActiveTicket(survey.contactId, inbound.channel)) return undefined;

  const answer: SurveyAnswer = {
    score,
    answeredAt: inbound.receivedAt,
    via: inbound.channel,
    providerMessageId: inbound.providerMessageId,
  };
  if (!(await deps.surveys.recordAnswer(survey.tokenHash, answer, now))) {
    const latest = await deps.surveys.getSurvey(survey.tokenHash);
    if (latest && isSameReply(latest.answer, inbound)) return duplicateReply(deps, latest, inbound, from);
    return undefined;
  }
  const applied = await applyAnswer(deps, survey, answer);
  if (applied) await thankForReply(deps, applied, inbound.channel, from);
  return { outcome: 'survey_answered', ticketId: survey.ticketId };
}

function isSameReply(answer: SurveyAnswer | undefined, inbound: InboundContact): boolean {
  return answer?.via === inbound.channel && answer.providerMessageId === inbound.providerMessageId;
}

/** A redelivery: finishes what the first delivery may not have (a crash after recording), and nothing more. */
async function duplicateReply(
  deps: SurveyDeps,
  survey: Survey,
  inbound: InboundContact,
  from: string,
): Promise<SurveyReplyResult> {
  const applied = survey.answer && (await applyAnswer(deps, survey, survey.answer));
  if (applied) await thankForReply(deps, applied, inbound.channel, from);
  return { outcome: 'survey_duplicate', ticketId: survey.ticketId };
}

/**
 * Puts the answer on the ticket (reports count it from there) with a `survey_answered` event. Returns the ticket
 * when this call set it, undefined when the ticket already had its answer (a retry), so effects happen once.
 */
async function applyAnswer(
  deps: SurveyDeps,
  survey: Survey,
  answer: SurveyAnswer,
): Promise<Ticket | undefined> {
  let applied = false;
  const ticket = await deps.store.updateTicket(survey.ticketId, (current) => {
    applied = !current.satisfaction;
    if (!applied) return current;
    return {
      ...current,
      satisfaction: {
        score: answer.score,
        answeredAt: answer.answeredAt,
        ...(answer.comment ? { comment: answer.comment } : {}),
      },
      updatedAt: answer.answeredAt,
    };
  });
  if (!applied) return undefined;
  const at = deps.clock.now().toISOString();
  const data = { score: answer.score, via: answer.via, commented: Boolean(answer.comment) };
  await deps.store.addEvents([ticketEvent(deps.ids, ticket.id, 'survey_answered', at, data)]);
  await deps.events.publish(changeOf('updated', ticket, at));
  return ticket;
}

async function thankForReply(deps: SurveyDeps, ticket: Ticket, channel: Channel, to: string): Promise<void> {
  const text = renderTemplate((await deps.templates.load()).survey_thanks, { reference: ticket.reference });
  // Once per answer: the answered survey is thanked once, however often the reply is redelivered.
  await notifyBeneficiary(deps, ticket, text, {
    key: 'survey_thanks',
    kind: 'survey_thanks',
    address: { channel, to },
  });
}
