import * as z from 'zod/mini';
import { publicAnswers } from '../../shared/use-cases/knowledge-base.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { answersPart } from '../lib/dependency-parts.ts';
import { json, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const querySchema = z.strictObject({ q: z.optional(z.string().check(z.maxLength(200))) });

/** GET /public/answers?q=…: the public FAQ, searched with the same Arabic folding as the automatic answers. */
export const createPublicAnswersHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const { q } = validate(querySchema, event.queryStringParameters ?? {});
    return json(200, { answers: await publicAnswers(deps, q) }, { 'cache-control': 'public, max-age=60' });
  });

export const handler = createPublicAnswersHandler(lambdaDependencies(answersPart));
