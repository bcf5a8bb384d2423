import type { CannedAnswer } from '../domain/canned-answers.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import type { DocumentSlug } from '../domain/society-documents.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import { staleEditError } from '../domain/stale-edit.ts';
import type { CannedAnswerStore } from '../ports/canned-answers.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';

export interface CannedAnswerAdminDeps extends AuditDeps {
  /** Read through the store, not a cache, so a save numbers its version from what is stored. */
  config: CannedAnswerStore;
}

/** What an editor gives for an answer; the id comes from the path. */
export interface CannedAnswerInput {
  titleAr: string;
  text: string;
  titleEn?: string;
  textEn?: string;
  documents: DocumentSlug[];
  /** The version the editor opened (0 for a new answer): a save over any other is refused. */
  expectedVersion: number;
}

const STALE = { en: 'canned answer', ar: 'الرد الجاهز' };

/** Supervisors and admins word what agents send; agents use the answers as they are. */
export function assertMayManageCannedAnswers(principal: Principal): void {
  if (!hasRole(principal, 'supervisor', 'admin'))
    throw new ForbiddenError('Only a supervisor or an admin edits canned answers');
}

async function storedAnswer(deps: CannedAnswerAdminDeps, id: string): Promise<CannedAnswer | undefined> {
  return (await deps.config.listCannedAnswers()).find((answer) => answer.id === id);
}

/** Creates the answer `id` or saves its next version, keeping the one it replaces. */
export async function saveCannedAnswer(
  deps: CannedAnswerAdminDeps,
  principal: Principal,
  id: string,
  input: CannedAnswerInput,
): Promise<CannedAnswer> {
  assertMayManageCannedAnswers(principal);
  const before = await storedAnswer(deps, id);
  if ((before?.version ?? 0) !== input.expectedVersion) throw staleEditError(STALE);
  const answer: CannedAnswer = {
    id,
    titleAr: input.titleAr,
    text: input.text,
    ...(input.titleEn && { titleEn: input.titleEn }),
    ...(input.textEn && { textEn: input.textEn }),
    documents: [...new Set(input.documents)],
    version: (before?.version ?? 0) + 1,
    updatedBy: principal.userId,
    updatedAt: deps.clock.now().toISOString(),
  };
  // Another save may land between the read and this write: the store refuses it then.
  if (!(await deps.config.putCannedAnswer(answer, before))) throw staleEditError(STALE);
  await recordSettingChange(deps, principal, {
    setting: 'canned-answer',
    subjectId: id,
    ...(before && { from: before }),
    to: answer,
  });
  return answer;
}

/** Removes the answer from the picker; its versions stay for the record. */
export async function deleteCannedAnswer(
  deps: CannedAnswerAdminDeps,
  principal: Principal,
  id: string,
): Promise<void> {
  assertMayManageCannedAnswers(principal);
  const before = await storedAnswer(deps, id);
  if (!before) throw new NotFoundError('Canned answer');
  await deps.config.deleteCannedAnswer(before);
  await recordSettingChange(deps, principal, {
    setting: 'canned-answer',
    subjectId: id,
    from: before,
    to: null,
  });
}

/** The answer as it is now, then its earlier versions, newest first. */
export async function cannedAnswerVersions(
  deps: CannedAnswerAdminDeps,
  principal: Principal,
  id: string,
): Promise<CannedAnswer[]> {
  assertMayManageCannedAnswers(principal);
  const current = await storedAnswer(deps, id);
  const earlier = await deps.config.listCannedAnswerVersions(id);
  if (!current && earlier.length === 0) throw new NotFoundError('Canned answer');
  return current ? [current, ...earlier] : earlier;
}
