import { Duration, type NestedStack, type Stack, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { EventFunctionSpec } from '../../functions/event-functions.ts';
import { API_CORS } from '../web-headers.ts';
import type { LiveUpdates } from './access.ts';
import { retainedLogGroup } from './sanad-function.ts';

/** Stage-wide throttle, and a tighter one for the anonymous form routes (`POST /public/...`). */
export const THROTTLE = {
  stage: { rateLimit: 50, burstLimit: 100 },
  publicForms: { rateLimit: 5, burstLimit: 10 },
} as const;

/**
 * The HTTP API, with CORS for the inbox's address and the society sites whose scripts post the public forms, on a
 * stage that throttles and logs every call.
 */
export function createHttpApi(stack: Stack, origins: string[], logsKey: kms.IKey) {
  const api = new apigwv2.HttpApi(stack, 'HttpApi', {
    createDefaultStage: false,
    corsPreflight: {
      allowOrigins: origins,
      allowHeaders: [...API_CORS.allowHeaders],
      exposeHeaders: [...API_CORS.exposeHeaders],
      allowMethods: [apigwv2.CorsHttpMethod.ANY],
      maxAge: Duration.seconds(API_CORS.maxAgeSeconds),
    },
  });
  const stage = new apigwv2.HttpStage(stack, 'HttpStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle: THROTTLE.stage,
    accessLogSettings: {
      destination: new apigwv2.LogGroupLogDestination(retainedLogGroup(stack, 'HttpApiAccessLogs', logsKey)),
    },
  });
  return { api, stage };
}

/** A route of the HTTP API, in the routes' nested stack; a route without the staff authorizer says why. */
export function addHttpRoute(
  routes: NestedStack,
  httpApi: apigwv2.HttpApi,
  routeKey: string,
  integration: HttpLambdaIntegration,
  authorizer: HttpUserPoolAuthorizer | undefined,
): apigwv2.HttpRoute {
  const [method, path] = routeKey.split(' ') as [keyof typeof apigwv2.HttpMethod, string];
  const route = new apigwv2.HttpRoute(routes, `Route ${routeKey}`, {
    httpApi,
    routeKey: apigwv2.HttpRouteKey.with(path, apigwv2.HttpMethod[method]),
    integration,
    authorizer,
  });
  if (!authorizer) {
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: path.startsWith('/webhooks/')
        ? 'Provider webhooks cannot carry our token; the handler verifies the provider signature before reading'
        : 'Public by design (beneficiaries have no account); validated and throttled per route at the stage',
    });
  }
  return route;
}

/** Anonymous forms get their own, lower limit on top of the stage's default route throttling. */
export function throttlePublicForms(stage: apigwv2.HttpStage, routes: Map<string, apigwv2.HttpRoute>): void {
  const cfnStage = stage.node.defaultChild as apigwv2.CfnStage;
  cfnStage.routeSettings = Object.fromEntries(
    [...routes.keys()].map((routeKey) => [
      routeKey,
      // A raw CloudFormation property: its keys are written as CloudFormation spells them.
      {
        ThrottlingRateLimit: THROTTLE.publicForms.rateLimit,
        ThrottlingBurstLimit: THROTTLE.publicForms.burstLimit,
      },
    ]),
  );
  // Route settings name routes, so the routes must exist first.
  for (const route of routes.values()) stage.node.addDependency(route);
}

/** The WebSocket API exists once a function serves one of its routes. */
export function createLiveUpdatesApi(
  stack: Stack,
  eventFunctions: Record<string, EventFunctionSpec>,
  logsKey: kms.IKey,
): LiveUpdates | undefined {
  if (!Object.values(eventFunctions).some((spec) => spec.trigger.kind === 'websocket')) return undefined;
  const api = new apigwv2.WebSocketApi(stack, 'LiveUpdates');
  const stage = new apigwv2.WebSocketStage(stack, 'LiveUpdatesStage', {
    webSocketApi: api,
    stageName: 'live',
    autoDeploy: true,
    throttle: THROTTLE.stage,
    accessLogSettings: {
      destination: new apigwv2.LogGroupLogDestination(
        retainedLogGroup(stack, 'LiveUpdatesAccessLogs', logsKey),
      ),
    },
  });
  return { api, stage };
}
