import type { Channel } from './channel.ts';
import { toLatinDigits } from './digits.ts';

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

export const ANSWER_CHOICE_TEXT = '1 = تم الرد على سؤالي، 2 = أريد التحدث مع موظف';

/** The automatic answer as sent: the answer, then the choice on a line of its own. */
export function automaticAnswerText(answer: Pick<KnowledgeAnswer, 'answer'>): string {
  return `${answer.answer}\n\n${ANSWER_CHOICE_TEXT}`;
}

/** Sent after a "2": a person will read the conversation. */
export const HANDOFF_TEXT = 'شكراً لكم، سيطّلع أحد موظفينا على رسالتكم ويرد عليكم في أقرب وقت.';

/** Sent after a "1": the ticket is resolved, and a new message opens a new one. */
export const ANSWERED_TEXT = 'يسعدنا أننا أجبنا عن سؤالكم. إن احتجتم شيئاً آخر فراسلونا في أي وقت.';

/** A bare `1` or `2` (Latin or Arabic-Indic) answers the choice; anything else is a message like any other. */
export function parseAnswerChoice(text: string): AnswerChoice | undefined {
  const plain = toLatinDigits(text).trim();
  if (plain === '1') return 'answered';
  if (plain === '2') return 'wants_person';
  return undefined;
}
