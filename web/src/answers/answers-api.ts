import type { AnswerUse, KnowledgeAnswer } from '../../../shared/domain/knowledge-base.ts';
import type { AnswerDraft } from '../../../shared/use-cases/knowledge-base-admin.ts';
import { call } from '../lib/api/http.ts';

export type AnswerWithUse = KnowledgeAnswer & { use: AnswerUse };
export type { AnswerDraft };

/** The knowledge base for staff: every member reads it, supervisors and admins edit it. */
export const answersApi = {
  list: async () => (await call<{ answers: AnswerWithUse[] }>('GET', '/api/answers')).answers,
  create: (draft: AnswerDraft) => call<KnowledgeAnswer>('POST', '/api/answers', draft),
  update: (id: string, draft: AnswerDraft) =>
    call<KnowledgeAnswer>('PUT', `/api/answers/${encodeURIComponent(id)}`, draft),
  remove: (id: string) => call<{ deleted: string }>('DELETE', `/api/answers/${encodeURIComponent(id)}`),
};
