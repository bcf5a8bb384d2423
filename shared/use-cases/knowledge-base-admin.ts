import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import type { KnowledgeAnswer } from '../domain/knowledge-base.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { SocietyDocumentStore } from '../ports/society-documents.ts';
import type { KnowledgeBaseDeps } from './knowledge-base.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';

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
  return saveAnswer(deps, principal, draft, deps.ids.next(now), now, undefined);
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
  return saveAnswer(deps, principal, draft, answerId, deps.clock.now(), before);
}

/** Puts the answer as the supervisor wrote it, and audits the change from `before` (none: a new answer). */
async function saveAnswer(
  deps: KnowledgeBaseAdminDeps,
  principal: Principal,
  draft: AnswerDraft,
  id: string,
  now: Date,
  before: KnowledgeAnswer | undefined,
): Promise<KnowledgeAnswer> {
  const answer = { ...draft, id, updatedBy: principal.userId, updatedAt: now.toISOString() };
  await deps.answers.putAnswer(answer);
  await auditAnswer(deps, principal, id, before, answer);
  return answer;
}

function auditAnswer(
  deps: KnowledgeBaseAdminDeps,
  principal: Principal,
  subjectId: string,
  from: KnowledgeAnswer | undefined,
  to: KnowledgeAnswer | null,
) {
  return recordSettingChange(deps, principal, { setting: 'knowledge_answer', subjectId, from, to });
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
  await auditAnswer(deps, principal, answerId, before, null);
}
