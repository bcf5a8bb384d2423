import { searchAnswers } from '../domain/answer-matching.ts';
import type { AnswerUse, KnowledgeAnswer } from '../domain/knowledge-base.ts';
import type { AnswerStore, AnswerUseCounter } from '../ports/answers.ts';

export interface KnowledgeBaseDeps {
  answers: AnswerStore & AnswerUseCounter;
}

/** An answer as staff see it: with how often it was sent and what beneficiaries said of it. */
export type AnswerWithUse = KnowledgeAnswer & { use: AnswerUse };

const NO_USE: AnswerUse = { offered: 0, answered: 0, wantsPerson: 0 };

/** Every answer with its use, for any staff member (agents reuse them in replies). */
export async function listAnswers(deps: KnowledgeBaseDeps): Promise<AnswerWithUse[]> {
  const [answers, uses] = await Promise.all([deps.answers.listAnswers(), deps.answers.listUses()]);
  return answers
    .map((answer) => ({ ...answer, use: uses[answer.id] ?? NO_USE }))
    .sort((a, b) => a.question.localeCompare(b.question, 'ar'));
}

/** The public FAQ: questions and answers only (no keywords, no editors), searched with the same folding. */
export async function publicAnswers(
  deps: Pick<KnowledgeBaseDeps, 'answers'>,
  query = '',
): Promise<Pick<KnowledgeAnswer, 'id' | 'question' | 'answer' | 'questionEn' | 'answerEn' | 'documents'>[]> {
  const answers = searchAnswers(query, await deps.answers.listAnswers());
  return answers.map(({ id, question, answer, questionEn, answerEn, documents }) => ({
    id,
    question,
    answer,
    ...(questionEn && { questionEn }),
    ...(answerEn && { answerEn }),
    ...(documents?.length && { documents }),
  }));
}
