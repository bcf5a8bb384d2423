import { searchAnswers } from '../domain/answer-matching.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import type { AnswerUse, KnowledgeAnswer } from '../domain/knowledge-base.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { AnswerStore, AnswerUseCounter } from '../ports/answers.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { SocietyDocumentStore } from './society-documents.ts';

export interface KnowledgeBaseDeps {
  answers: AnswerStore & AnswerUseCounter;
  /** An answer links only documents already uploaded, so no beneficiary is sent a dead link. */
  documents: Pick<SocietyDocumentStore, 'listSocietyDocuments'>;
  clock: Clock;
  ids: IdGenerator;
}

/** What supervisors write: the rest (id, who, when) the use case adds. */
export type AnswerDraft = Pick<
  KnowledgeAnswer,
  'question' | 'answer' | 'questionEn' | 'answerEn' | 'keywords' | 'synonyms' | 'documents'
>;

/** An answer as staff see it: with how often it was sent and what beneficiaries said of it. */
export type AnswerWithUse = KnowledgeAnswer & { use: AnswerUse };

const NO_USE: AnswerUse = { offered: 0, answered: 0, wantsPerson: 0 };

/** Asked by the HTTP edge before it reads the body, so a refusal never depends on it. */
export function assertMayEditAnswers(principal: Principal): void {
  if (!hasRole(principal, 'supervisor', 'admin'))
    throw new ForbiddenError('Only a supervisor or an admin edits the answers to common questions');
}

/** Every answer with its use, for any staff member (agents reuse them in replies). */
export async function listAnswers(deps: KnowledgeBaseDeps): Promise<AnswerWithUse[]> {
  const [answers, uses] = await Promise.all([deps.answers.listAnswers(), deps.answers.listUses()]);
  return answers
    .map((answer) => ({ ...answer, use: uses[answer.id] ?? NO_USE }))
    .sort((a, b) => a.question.localeCompare(b.question, 'ar'));
}

export async function createAnswer(
  deps: KnowledgeBaseDeps,
  principal: Principal,
  draft: AnswerDraft,
): Promise<KnowledgeAnswer> {
  assertMayEditAnswers(principal);
  await assertDocumentsUploaded(deps, draft);
  const now = deps.clock.now();
  const answer = {
    ...draft,
    id: deps.ids.next(now),
    updatedBy: principal.userId,
    updatedAt: now.toISOString(),
  };
  await deps.answers.putAnswer(answer);
  return answer;
}

export async function updateAnswer(
  deps: KnowledgeBaseDeps,
  principal: Principal,
  answerId: string,
  draft: AnswerDraft,
): Promise<KnowledgeAnswer> {
  assertMayEditAnswers(principal);
  if (!(await deps.answers.getAnswer(answerId))) throw new NotFoundError('Answer');
  await assertDocumentsUploaded(deps, draft);
  const answer = {
    ...draft,
    id: answerId,
    updatedBy: principal.userId,
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.answers.putAnswer(answer);
  return answer;
}

async function assertDocumentsUploaded(deps: KnowledgeBaseDeps, draft: AnswerDraft): Promise<void> {
  if (!draft.documents?.length) return;
  const uploaded = new Set((await deps.documents.listSocietyDocuments()).map((document) => document.slug));
  const missing = draft.documents.filter((slug) => !uploaded.has(slug));
  if (missing.length > 0)
    throw new ValidationError(
      [fieldError('documents', 'document_not_uploaded')],
      `Upload these documents before an answer links them: ${missing.join(', ')}`,
    );
}

export async function deleteAnswer(
  deps: KnowledgeBaseDeps,
  principal: Principal,
  answerId: string,
): Promise<void> {
  assertMayEditAnswers(principal);
  if (!(await deps.answers.getAnswer(answerId))) throw new NotFoundError('Answer');
  await deps.answers.deleteAnswer(answerId);
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
