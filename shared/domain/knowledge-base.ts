import type { Channel } from './channel.ts';
import { toLatinDigits } from './digits.ts';
import { type DocumentSlug, documentPath } from './society-documents.ts';

/**
 * One answer to a common question (when registration opens, which papers to bring), Arabic first and English
 * optional. Keywords and synonyms are the words the society expects people to use for it; the matcher reads them
 * with the question.
 */
export interface KnowledgeAnswer {
  id: string;
  question: string;
  answer: string;
  questionEn?: string;
  answerEn?: string;
  keywords: string[];
  synonyms: string[];
  /** The society's documents the answer points to (bylaws, guides, the request form), each sent as a link. */
  documents?: DocumentSlug[];
  updatedBy: string;
  updatedAt: string;
}

/** How often an automatic answer was sent, and what the beneficiaries said of it. */
export interface AnswerUse {
  offered: number;
  answered: number;
  wantsPerson: number;
}

/** What the beneficiary said to an automatic answer: `1` it answered them, `2` they want a person. */
export type AnswerChoice = 'answered' | 'wants_person';

/** The messaging channels where a question gets an automatic first answer (email and forms reach a person). */
export const AUTO_ANSWER_CHANNELS: readonly Channel[] = [
  'whatsapp',
  'telegram',
  'messenger',
  'instagram',
  'sms',
];

/** The language an automatic answer goes out in: Arabic first, English only where it was written. */
export type AnswerLanguage = 'ar' | 'en';

export const ANSWER_CHOICE_TEXT = '1 = تم الرد على سؤالي، 2 = أريد التحدث مع موظف';
export const ANSWER_CHOICE_TEXT_EN = '1 = my question is answered, 2 = I want to talk to a staff member';

/** English when the beneficiary wrote in English and the answer has an English text; Arabic otherwise. */
export function answerLanguageFor(
  answer: Pick<KnowledgeAnswer, 'answerEn'>,
  written: AnswerLanguage | undefined,
): AnswerLanguage {
  return written === 'en' && answer.answerEn?.trim() ? 'en' : 'ar';
}

/**
 * The automatic answer as sent: the answer in its language, the links of its documents each on a line of its own
 * (a phone takes nothing else into them), then the choice on a line of its own.
 */
export function automaticAnswerText(
  answer: Pick<KnowledgeAnswer, 'answer' | 'answerEn' | 'documents'>,
  language: AnswerLanguage = 'ar',
  siteUrl = '',
): string {
  const english = language === 'en' && answer.answerEn;
  const links = (answer.documents ?? []).map((slug) => `${siteUrl.replace(/\/+$/, '')}${documentPath(slug)}`);
  return [
    english ? answer.answerEn : answer.answer,
    ...links,
    '',
    english ? ANSWER_CHOICE_TEXT_EN : ANSWER_CHOICE_TEXT,
  ].join('\n');
}

/** Sent after a "2": a person will read the conversation. */
export const HANDOFF_TEXT = 'شكراً لكم، سيطّلع أحد موظفينا على رسالتكم ويرد عليكم في أقرب وقت.';
export const HANDOFF_TEXT_EN = 'Thank you. One of our staff will read your message and answer you soon.';

/** Sent after a "1": the ticket is resolved, and a new message opens a new one. */
export const ANSWERED_TEXT = 'يسعدنا أننا أجبنا عن سؤالكم. إن احتجتم شيئاً آخر فراسلونا في أي وقت.';
export const ANSWERED_TEXT_EN =
  'We are glad we answered your question. Write to us any time you need anything else.';

/** The reply to the beneficiary's choice, in the language the answer went out in. */
export function choiceReplyText(choice: AnswerChoice, language: AnswerLanguage = 'ar'): string {
  if (language === 'en') return choice === 'answered' ? ANSWERED_TEXT_EN : HANDOFF_TEXT_EN;
  return choice === 'answered' ? ANSWERED_TEXT : HANDOFF_TEXT;
}

/** A bare `1` or `2` (Latin or Arabic-Indic) answers the choice; anything else is a message like any other. */
export function parseAnswerChoice(text: string): AnswerChoice | undefined {
  const plain = toLatinDigits(text).trim();
  if (plain === '1') return 'answered';
  if (plain === '2') return 'wants_person';
  return undefined;
}
