import type { Channel } from './channel.ts';
import { firstDeliveredAt } from './delivery.ts';
import { toLatinDigits } from './digits.ts';
import type { Ticket } from './ticket.ts';
import { withoutDirectionControls } from './typed-text.ts';

/** The satisfaction scale: 1 (not at all satisfied) to 5 (very satisfied), always said in words, never emojis. */
export const SURVEY_SCORES = [1, 2, 3, 4, 5] as const;
export type SurveyScore = (typeof SURVEY_SCORES)[number];

export const SCORE_WORDS: Record<SurveyScore, { ar: string; en: string }> = {
  1: { ar: 'غير راضٍ إطلاقاً', en: 'Not at all satisfied' },
  2: { ar: 'غير راضٍ', en: 'Not satisfied' },
  3: { ar: 'محايد', en: 'Neither satisfied nor dissatisfied' },
  4: { ar: 'راضٍ', en: 'Satisfied' },
  5: { ar: 'راضٍ جداً', en: 'Very satisfied' },
};

/** How long a survey link (and a digit reply) is accepted after it was sent. */
export const SURVEY_VALIDITY_DAYS = 14;
export const SURVEY_COMMENT_MAX = 1000;

/**
 * How long after resolution a ticket is still offered a survey: a change to an old resolved ticket (a tag, say)
 * must not survey someone about a conversation from months ago.
 */
export const SURVEY_OFFER_WINDOW_DAYS = 7;

const DAY_MS = 86_400_000;

export function isSurveyScore(value: unknown): value is SurveyScore {
  return typeof value === 'number' && (SURVEY_SCORES as readonly number[]).includes(value);
}

/** A score as people read it: words, never a bare number or an emoji. */
export function scoreInWords(score: unknown, language: 'ar' | 'en'): string {
  return isSurveyScore(score) ? SCORE_WORDS[score][language] : String(score);
}

/** How an answer reached us: through the link's page, or as a digit replied on a channel. */
export type SurveyAnswerVia = 'link' | Channel;

export interface SurveyAnswer {
  score: SurveyScore;
  comment?: string;
  answeredAt: string;
  via: SurveyAnswerVia;
  /** The provider's id of the replied digit: a redelivery of that same message is a duplicate, not a new answer. */
  providerMessageId?: string;
}

/** One ticket's survey. Only the hash of its link's token is kept: the token itself exists only in the link sent. */
export interface Survey {
  tokenHash: string;
  ticketId: string;
  reference: string;
  contactId: string;
  /** Where the invitation went; a digit reply is accepted from that address on that channel only. */
  channel: Channel;
  to: string;
  sentAt: string;
  validUntil: string;
  answer?: SurveyAnswer;
}

export type SurveyState = 'open' | 'answered' | 'expired';

/** An answered survey stays answered after its link expired, so the page can say which it is. */
export function surveyState(survey: Pick<Survey, 'answer' | 'validUntil'>, now: Date): SurveyState {
  if (survey.answer) return 'answered';
  return now.getTime() < Date.parse(survey.validUntil) ? 'open' : 'expired';
}

export function surveyValidUntil(sentAt: Date): string {
  return new Date(sentAt.getTime() + SURVEY_VALIDITY_DAYS * DAY_MS).toISOString();
}

/**
 * A ticket is surveyed once, when it is done (resolved, or closed straight away), not long after it was done. A
 * registered beneficiary's case stays open through its deliveries: it is surveyed after the first one.
 */
export function isDueForSurvey(ticket: Ticket, now: Date): boolean {
  if (ticket.satisfaction) return false;
  // Resolved by the beneficiary's own "it answered me" to the automatic answer, nobody on the staff involved: they
  // have just said how it went, and a 1–5 scale right after the answer menu's "1" would be misread.
  if (ticket.automaticAnswer?.choice === 'answered' && !ticket.firstResponseAt) return false;
  const firstDelivery = firstDeliveredAt(ticket.supportCase?.deliveries);
  if (firstDelivery) return now.getTime() - Date.parse(firstDelivery) <= SURVEY_OFFER_WINDOW_DAYS * DAY_MS;
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') return false;
  // Closing keeps resolvedAt; a ticket closed straight from work has none, and closed tickets do not change.
  const doneAt = Date.parse(ticket.resolvedAt ?? ticket.updatedAt);
  return now.getTime() - doneAt <= SURVEY_OFFER_WINDOW_DAYS * DAY_MS;
}

/**
 * A reply that is a rating and nothing else: exactly one digit 1–5 (Latin, Arabic-Indic ١–٥ or Persian ۱–۵),
 * with at most whitespace, punctuation and direction marks around it. "5 أطفال" is a message, not a rating.
 */
const RATING_REPLY = /^[\s\p{P}\p{Cf}]*([1-5])[\s\p{P}\p{Cf}]*$/u;

export function parseRatingReply(text: string): SurveyScore | undefined {
  const digit = RATING_REPLY.exec(toLatinDigits(text))?.[1];
  return digit ? (Number(digit) as SurveyScore) : undefined;
}

/** A comment as kept: trimmed, and absent when nothing is left. */
export function cleanComment(comment: string | undefined): string | undefined {
  const trimmed = comment && withoutDirectionControls(comment).trim();
  return trimmed ? trimmed : undefined;
}
