import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { AppDependencies } from './dependencies.ts';
import { type HttpResult, httpErrors } from './http.ts';
import { logger } from './observability.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;

/**
 * Wraps a route's logic in the middlewares every HTTP function shares. Dependencies are resolved on the first
 * invocation, so importing a handler (in tests, locally) never needs AWS settings.
 */
export function httpFunction(
  getDeps: () => AppDependencies,
  logic: (event: APIGatewayProxyEventV2, deps: AppDependencies) => Promise<HttpResult>,
): HttpHandler {
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors())
    .handler(async (event) => logic(event, getDeps()));
}
