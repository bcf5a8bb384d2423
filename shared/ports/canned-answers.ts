import type { CannedAnswer } from '../domain/canned-answers.ts';

/** Where the composer reads canned answers (cached configuration in a warm Lambda). */
export interface CannedAnswerSource {
  listCannedAnswers(): Promise<CannedAnswer[]>;
}

export interface CannedAnswerStore extends CannedAnswerSource {
  /**
   * Writes `answer`, keeping `previous` (the version it replaces) among the answer's versions; false, writing
   * nothing, when the stored answer is no longer `previous` (or, without one, when there is one already).
   */
  putCannedAnswer(answer: CannedAnswer, previous?: CannedAnswer): Promise<boolean>;
  /** Removes the answer from the picker, keeping it among its versions (first run never brings it back). */
  deleteCannedAnswer(answer: CannedAnswer): Promise<void>;
  /** Earlier versions, newest first. */
  listCannedAnswerVersions(id: string): Promise<CannedAnswer[]>;
}
