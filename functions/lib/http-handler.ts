import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { NotFoundError } from '../../shared/domain/errors.ts';
import type { Principal } from '../../shared/domain/staff.ts';
import { distributionOnly } from './client-address.ts';
import type { AppDependencies } from './dependencies.ts';
import { type HttpResult, httpErrors } from './http.ts';
import { observability } from './observability.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;

/**
 * Wraps a route's logic in the middlewares every HTTP function shares: a domain error becomes its status there
 * (`httpErrors`), nowhere else; behind CloudFront, a request that skipped it is refused (`distributionOnly`).
 * Dependencies are resolved on the first invocation, so importing a handler (in
 * tests, locally) never needs AWS settings.
 */
export function httpFunction(
  getDeps: () => AppDependencies,
  logic: (event: APIGatewayProxyEventV2, deps: AppDependencies) => Promise<HttpResult>,
): HttpHandler {
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(observability())
    .use(httpErrors())
    .use(distributionOnly())
    .handler(async (event) => logic(event, getDeps()));
}

/** A staff route: what it does for the signed-in caller. */
export type StaffRoute = (
  event: APIGatewayProxyEventV2,
  deps: AppDependencies,
  principal: Principal,
) => Promise<HttpResult>;

/**
 * A function serving several staff routes, keyed by API Gateway route key: the caller's token is verified before
 * any route runs; a route key it does not serve is 404.
 */
export function staffRoutesFunction(
  getDeps: () => AppDependencies,
  routes: Record<string, StaffRoute>,
): HttpHandler {
  return httpFunction(getDeps, async (event, deps) => {
    const route = routes[event.routeKey];
    if (!route) throw new NotFoundError(`Route ${event.routeKey}`);
    const principal = await deps.verifier.principalOf(event);
    return route(event, deps, principal);
  });
}
