import type { AnswerMatch } from '../domain/answer-matching.ts';
import type { AnswerChoice, AnswerUse, KnowledgeAnswer } from '../domain/knowledge-base.ts';

/** The knowledge base: answers to common questions, edited by supervisors. */
export interface AnswerStore {
  listAnswers(): Promise<KnowledgeAnswer[]>;
  getAnswer(answerId: string): Promise<KnowledgeAnswer | undefined>;
  putAnswer(answer: KnowledgeAnswer): Promise<void>;
  deleteAnswer(answerId: string): Promise<void>;
}

/** Counts of each answer's use, kept apart from the staff-only configuration so intake may count. */
export interface AnswerUseCounter {
  countUse(answerId: string, use: 'offered' | AnswerChoice): Promise<void>;
  listUses(): Promise<Record<string, AnswerUse>>;
}

/**
 * Finds the answer a beneficiary's question calls for. Locally (and by default) a pure matcher on folded Arabic
 * words, keywords and synonyms; a language-model service (Amazon Bedrock) can implement the same port in AWS.
 */
export interface AnswerMatcher {
  match(question: string, answers: readonly KnowledgeAnswer[]): Promise<AnswerMatch | undefined>;
}
