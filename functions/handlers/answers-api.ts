import * as z from 'zod';
import { DOCUMENT_SLUGS } from '../../shared/domain/society-documents.ts';
import {
  assertMayEditAnswers,
  createAnswer,
  deleteAnswer,
  listAnswers,
  updateAnswer,
} from '../../shared/use-cases/knowledge-base.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { type StaffRoute, staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const words = z.array(z.string().trim().min(1).max(60)).max(30);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined);

const answerSchema = z.strictObject({
  question: z.string().trim().min(3).max(300),
  answer: z.string().trim().min(3).max(1500),
  questionEn: optionalText(300),
  answerEn: optionalText(1500),
  keywords: words.default([]),
  synonyms: words.default([]),
  documents: z.array(z.enum(DOCUMENT_SLUGS)).max(DOCUMENT_SLUGS.length).default([]),
});

const answerId = z.string().trim().min(1).max(64);

/** The knowledge base: every staff member reads it (with how often each answer helped); supervisors edit it. */
const routes: Record<string, StaffRoute> = {
  'GET /api/answers': async (_event, deps) => json(200, { answers: await listAnswers(deps) }),
  'POST /api/answers': async (event, deps, principal) => {
    assertMayEditAnswers(principal);
    return json(201, await createAnswer(deps, principal, validate(answerSchema, parseJson(event))));
  },
  'PUT /api/answers/{id}': async (event, deps, principal) => {
    assertMayEditAnswers(principal);
    const id = validate(answerId, event.pathParameters?.id);
    return json(200, await updateAnswer(deps, principal, id, validate(answerSchema, parseJson(event))));
  },
  'DELETE /api/answers/{id}': async (event, deps, principal) => {
    const id = validate(answerId, event.pathParameters?.id);
    await deleteAnswer(deps, principal, id);
    return json(200, { deleted: id });
  },
};

export const ANSWERS_ROUTE_KEYS = Object.keys(routes);

export const createAnswersApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, routes);

export const handler = createAnswersApiHandler(lambdaDependencies());
