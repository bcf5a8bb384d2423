import * as z from 'zod/mini';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { SURVEY_COMMENT_MAX, type SurveyScore } from '../../shared/domain/survey.ts';
import { answerSurveyByLink, viewSurvey } from '../../shared/use-cases/satisfaction-survey.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const answerSchema = z.strictObject({
  score: z.number().check(z.int('invalid_value'), z.gte(1, 'invalid_value'), z.lte(5, 'invalid_value')),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(SURVEY_COMMENT_MAX))),
});

/**
 * The satisfaction survey's link, for beneficiaries without an account (the token is the only key):
 * GET /public/surveys/{token}/state tells the page what to show; POST /public/surveys/{token} answers, once.
 */
export const createPublicSurveysHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const token = event.pathParameters?.token;
    if (!token) throw new NotFoundError('Survey');
    if (event.requestContext.http.method === 'GET') {
      // The page answers from this; it must not be kept by a shared cache once answered.
      return json(200, await viewSurvey(deps, token), { 'cache-control': 'no-store' });
    }
    const input = validate(answerSchema, parseJson(event));
    const view = await answerSurveyByLink(deps, token, { ...input, score: input.score as SurveyScore });
    logger.info('Survey answered through its link', { reference: view.reference });
    return json(200, view);
  });

export const handler = createPublicSurveysHandler(lambdaDependencies());
