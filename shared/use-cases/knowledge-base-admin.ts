import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import type { KnowledgeAnswer } from '../domain/knowledge-base.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { KnowledgeBaseDeps } from './knowledge-base.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';
import type { SocietyDocumentStore } from './society-documents.ts';

type KnowledgeBaseAdminDeps = KnowledgeBaseDeps &
  AuditDeps & {
    /** An answer links only documents already uploaded, so no beneficiary is sent a dead link. */
    documents: Pick<SocietyDocumentStore, 'listSocietyDocuments'>;
  };

/** What supervisors write: the rest (id, who, when) the use case adds. */
export type AnswerDraft = Pick<
  KnowledgeAnswer,
  'question' | 'answer' | 'questionEn' | 'answerEn' | 'keywords' | 'synonyms' | 'documents'
>;

/** Asked by the HTTP edge before it reads the body, so a refusal never depends on it. */
export function assertMayEditAnswers(principal: Principal): void {
  if (!hasRole(principal, 'supervisor', 'admin'))
    throw new ForbiddenError('Only a supervisor or an admin edits the answers to common questions');
}

export async function createAnswer(
  deps: KnowledgeBaseAdminDeps,
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
  await recordSettingChange(deps, principal, {
    setting: 'knowledge_answer',
    subjectId: answer.id,
    from: undefined,
    to: answer,
  });
  return answer;
}

export async function updateAnswer(
  deps: KnowledgeBaseAdminDeps,
  principal: Principal,
  answerId: string,
  draft: AnswerDraft,
): Promise<KnowledgeAnswer> {
  assertMayEditAnswers(principal);
  const before = await deps.answers.getAnswer(answerId);
  if (!before) throw new NotFoundError('Answer');
  await assertDocumentsUploaded(deps, draft);
  const answer = {
    ...draft,
    id: answerId,
    updatedBy: principal.userId,
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.answers.putAnswer(answer);
  await recordSettingChange(deps, principal, {
    setting: 'knowledge_answer',
    subjectId: answerId,
    from: before,
    to: answer,
  });
  return answer;
}

async function assertDocumentsUploaded(deps: KnowledgeBaseAdminDeps, draft: AnswerDraft): Promise<void> {
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
  deps: KnowledgeBaseAdminDeps,
  principal: Principal,
  answerId: string,
): Promise<void> {
  assertMayEditAnswers(principal);
  const before = await deps.answers.getAnswer(answerId);
  if (!before) throw new NotFoundError('Answer');
  await deps.answers.deleteAnswer(answerId);
  await recordSettingChange(deps, principal, {
    setting: 'knowledge_answer',
    subjectId: answerId,
    from: before,
    to: null,
  });
}
