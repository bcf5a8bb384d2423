import * as z from 'zod/mini';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { SURVEY_COMMENT_MAX, type SurveyScore } from '../../shared/domain/survey.ts';
import {
  answerSurveyByLink,
  followSurveyShortLink,
  viewSurvey,
} from '../../shared/use-cases/satisfaction-survey.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { optOutsPart, outboxPart, surveysPart } from '../lib/dependency-parts.ts';
import { type HttpResult, json, parseJson, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const answerSchema = z.strictObject({
  score: z.number().check(z.int('invalid_value'), z.gte(1, 'invalid_value'), z.lte(5, 'invalid_value')),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(SURVEY_COMMENT_MAX))),
});

/** What someone who typed or scanned a wrong or old short link sees: a page in Arabic, not an API's error. */
const UNKNOWN_SHORT_LINK: HttpResult = {
  statusCode: 404,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // A page of text and its own style: nothing else may load, and nobody may frame it.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  },
  body: `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>الرابط غير صالح</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.7;color:#1f2933}</style>
</head>
<body>
<h1>الرابط غير صالح</h1>
<p>لم نجد هذا الرابط، أو انتهت صلاحيته. تأكد من كتابته كما هو مطبوع على القسيمة، أو اطلب من موظف الجمعية قسيمة جديدة.</p>
<p lang="en" dir="ltr">This link is unknown or has expired.</p>
</body>
</html>
`,
};

/**
 * The satisfaction survey's link, for beneficiaries without an account (the token is the only key):
 * GET /public/surveys/{token}/state tells the page what to show; POST /public/surveys/{token} answers, once;
 * GET /s/{code}, a printed slip's short link, redirects to the survey's page.
 */
export const createPublicSurveysHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    if (event.routeKey === 'GET /s/{code}') {
      try {
        const location = await followSurveyShortLink(deps, event.pathParameters?.code ?? '');
        return { statusCode: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
      } catch (error) {
        if (error instanceof NotFoundError) return UNKNOWN_SHORT_LINK;
        throw error;
      }
    }
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

export const handler = createPublicSurveysHandler(lambdaDependencies(optOutsPart, outboxPart, surveysPart));
