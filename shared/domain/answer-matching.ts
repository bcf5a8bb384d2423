import type { KnowledgeAnswer } from './knowledge-base.ts';
import { foldArabic, searchTokens } from './search-tokens.ts';

/** An answer that fits a question, and how sure the matcher is (0 to 1). */
export interface AnswerMatch {
  answer: KnowledgeAnswer;
  confidence: number;
}

/** Below this an answer is not sent: a wrong automatic answer costs more than a short wait for a person. */
export const AUTO_ANSWER_THRESHOLD = 0.6;
/** The best answer must lead the next by this much, or the question is left to a person. */
const LEAD = 0.15;

/** Prefixes Arabic glues to a word (and, with, for, the): "وبالتسجيل" is found as "تسجيل". */
const PREFIXES = ['وبال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'و', 'ب', 'ل', 'ف'];

function stem(word: string): string {
  for (const prefix of PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 3) return word.slice(prefix.length);
  }
  return word;
}

function stems(text: string): Set<string> {
  return new Set(searchTokens(text).map(stem));
}

/** A keyword or synonym (one word or a phrase) is present when all its words are. */
function termPresent(term: string, words: Set<string>): boolean {
  const termWords = foldArabic(term)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2)
    .map(stem);
  return termWords.length > 0 && termWords.every((word) => words.has(word));
}

/**
 * How well `answer` fits `text`: each keyword or synonym found counts 0.4, and the share of the question's own
 * words found counts up to 0.7. Two keywords, or the question nearly as written, pass the threshold; one common
 * word alone does not.
 */
export function answerConfidence(text: string, answer: KnowledgeAnswer): number {
  const words = stems(text);
  const terms = [...answer.keywords, ...answer.synonyms];
  const hits = terms.filter((term) => termPresent(term, words)).length;
  // A question written in English is read against the English wording, when the answer has one.
  const overlap = Math.max(
    overlapWith(answer.question, words),
    answer.questionEn ? overlapWith(answer.questionEn, words) : 0,
  );
  return Math.min(1, 0.4 * hits + 0.7 * overlap);
}

/** The share of a question's own words found in the text. */
function overlapWith(question: string, words: Set<string>): number {
  const questionWords = [...stems(question)];
  return questionWords.length === 0
    ? 0
    : questionWords.filter((word) => words.has(word)).length / questionWords.length;
}

/** The one answer that clearly fits, or undefined: too unsure, or two answers fit about as well. */
export function bestAnswer(
  text: string,
  answers: readonly KnowledgeAnswer[],
  threshold = AUTO_ANSWER_THRESHOLD,
): AnswerMatch | undefined {
  const ranked = answers
    .map((answer) => ({ answer, confidence: answerConfidence(text, answer) }))
    .sort((a, b) => b.confidence - a.confidence);
  const [best, next] = ranked;
  if (!best || best.confidence < threshold) return undefined;
  if (next && best.confidence - next.confidence < LEAD) return undefined;
  return best;
}

/** Answers ranked for a search on the public FAQ page: the ones with any fit, best first. */
export function searchAnswers(text: string, answers: readonly KnowledgeAnswer[]): KnowledgeAnswer[] {
  if (!text.trim()) return [...answers];
  return answers
    .map((answer) => ({ answer, confidence: answerConfidence(text, answer) }))
    .filter((ranked) => ranked.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence)
    .map((ranked) => ranked.answer);
}

/** The matcher that needs no external service: folded words, keywords and synonyms, and the threshold above. */
export const localAnswerMatcher = {
  match: async (question: string, answers: readonly KnowledgeAnswer[]) => bestAnswer(question, answers),
};
