import {
  Aws,
  CfnOutput,
  Duration,
  Lazy,
  NestedStack,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { EVENT_FUNCTIONS, type EventFunctionSpec } from '../../functions/event-functions.ts';
import type { SmsProviderSettings } from '../../functions/platform/settings.ts';
import { type FunctionAccess, HTTP_FUNCTIONS, type HttpFunctionSpec } from '../../functions/routes.ts';
import { commonEnvironment, grantAccess, type LiveUpdates, type MailSettings } from './access.ts';
import { type ApiDomain, apiCustomDomain, apiDistribution } from './api-edge.ts';
import { addHttpRoute, createHttpApi, createLiveUpdatesApi, throttlePublicForms } from './api-gateway.ts';
import { EventTriggers } from './event-triggers.ts';
import {
  monitorEscalationLag,
  monitorFunction,
  monitorHttpApi,
  monitorTextBudget,
  OperationsDashboard,
} from './monitoring.ts';
import { pascal } from './names.ts';
import { type GradualDelivery, SanadFunction } from './sanad-function.ts';
import type { StatefulResources } from './stateful-stack.ts';
import { type WebDomain, webDistribution } from './web-distribution.ts';

export interface StatelessStackProps extends StackProps {
  stateful: StatefulResources;
  /** The HTTP registry; tests pass their own to exercise a case the real one does not have yet. */
  httpFunctions?: Record<string, HttpFunctionSpec>;
  eventFunctions?: Record<string, EventFunctionSpec>;
  /** Addresses the SES receipt rule accepts (e.g. `support@example.org`); none = every verified domain. */
  mailRecipients?: string[];
  /** Sender and reply-to of outgoing mail. */
  mail?: MailSettings;
  /** Who sends texts (`-c smsProvider=…`, with its sender id, configuration set or aggregator URL); SNS by default. */
  sms?: SmsProviderSettings;
  /** The inbox and public pages on a domain of the society's (`-c domainName=… -c certificateArn=…`). */
  webDomain?: WebDomain;
  /** The inbox's address once known (`-c webAppUrl=…`, the WebAppUrl of a first deploy). */
  webAppUrl?: string;
  /**
   * The society's own sites (`-c societySiteOrigins=https://…,https://…`) whose scripts call the public forms'
   * routes (with an Idempotency-Key, which needs CORS); a plain HTML form needs none.
   */
  societySiteOrigins?: string[];
  /** Reserved concurrency (`-c intakeConcurrency=… -c sweepConcurrency=…`); none by default. */
  reservedConcurrency?: ReservedConcurrency;
  /** How CodeDeploy shifts each function's `live` alias to a new version (`-c deploymentConfig=…`). */
  deploymentConfig?: DeploymentConfigName;
  /** CloudFront with this WebACL (CLOUDFRONT scope) in front of the HTTP API (`-c waf=true`). */
  waf?: { webAclArn: string };
  /** The HTTP API on the society's domain (`-c apiDomainName=… -c apiCertificateArn=…`). */
  apiDomain?: ApiDomain;
  /** X-Ray subsegments for each handler and its HTTPS calls (`-c traceCalls=true`; see SanadFunctionProps). */
  traceCalls?: boolean;
}

/**
 * CodeDeploy's predefined ways to shift a Lambda alias. Canary: 10% of calls go to the new version, the rest
 * after the minutes named unless the function's error alarm fires; all at once suits a staging account.
 */
export const DEPLOYMENT_CONFIGS = {
  ALL_AT_ONCE: codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE,
  CANARY_10PERCENT_5MINUTES: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  CANARY_10PERCENT_10MINUTES: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_10MINUTES,
  CANARY_10PERCENT_15MINUTES: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_15MINUTES,
  CANARY_10PERCENT_30MINUTES: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_30MINUTES,
  LINEAR_10PERCENT_EVERY_1MINUTE: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
  LINEAR_10PERCENT_EVERY_2MINUTES: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_2MINUTES,
  LINEAR_10PERCENT_EVERY_3MINUTES: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_3MINUTES,
  LINEAR_10PERCENT_EVERY_10MINUTES: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_10MINUTES,
} as const;

export type DeploymentConfigName = keyof typeof DEPLOYMENT_CONFIGS;

export const DEFAULT_DEPLOYMENT_CONFIG: DeploymentConfigName = 'CANARY_10PERCENT_5MINUTES';

/**
 * Intake: each function the public reaches keeps this much for itself, however busy the staff API is, and a
 * flood of forms cannot take more. Sweep: each scheduled function; 1 keeps two runs from overlapping.
 * Lambda keeps 10 of the account's concurrency unreserved, so a new account (limit 10) can reserve none.
 */
export interface ReservedConcurrency {
  intake?: number;
  sweep?: number;
}

/** Functions, APIs and triggers: everything here can be deleted and deployed again without losing data. */
export class StatelessStack extends Stack {
  readonly httpApi: apigwv2.HttpApi;
  readonly httpStage: apigwv2.HttpStage;
  /** Each function's error and throttle alarms, in a nested stack of their own (resources per stack). */
  readonly functionAlarms: NestedStack;
  /**
   * The HTTP API's routes, with the integrations and invoke permissions they make, in a nested stack of their own:
   * with them the stack would be a few resources under CloudFormation's 500, and a new function could not deploy.
   */
  readonly httpRoutes: NestedStack;
  private readonly stateful: StatefulResources;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    this.stateful = props.stateful;
    const triggers = new EventTriggers(this, this.stateful, props.mailRecipients);
    this.functionAlarms = new NestedStack(this, 'FunctionAlarms');
    this.httpRoutes = new NestedStack(this, 'HttpRoutes');
    const httpFunctions: Record<string, HttpFunctionSpec> = props.httpFunctions ?? HTTP_FUNCTIONS;
    const eventFunctions: Record<string, EventFunctionSpec> = props.eventFunctions ?? EVENT_FUNCTIONS;

    // The inbox's address: named, or the distribution's own. The API's CORS names the inbox and the inbox's CSP
    // names the API; only a named address lets both be exact without a reference cycle.
    const knownOrigin = props.webDomain
      ? `https://${props.webDomain.domainName}`
      : props.webAppUrl?.replace(/\/+$/, '');
    let web: cloudfront.Distribution | undefined;
    const webOrigin = knownOrigin ?? Lazy.string({ produce: () => `https://${web?.distributionDomainName}` });
    const live = createLiveUpdatesApi(this, eventFunctions, this.stateful.logsKey);
    ({ api: this.httpApi, stage: this.httpStage } = createHttpApi(
      this,
      [webOrigin, ...(props.societySiteOrigins ?? [])],
      this.stateful.logsKey,
    ));
    monitorHttpApi(this, this.httpApi, this.stateful.alarms);
    const { url: publicApiUrl, originSecret } = this.publicApi(props.waf, props.apiDomain);
    web = webDistribution(this, this.stateful, {
      connectSources: this.connectSources(knownOrigin !== undefined, live, publicApiUrl),
      domain: props.webDomain,
    });
    // PUBLIC_SITE_URL: where links to beneficiaries' pages (survey links) point: the inbox's address.
    const environment = {
      ...commonEnvironment(this.stateful),
      PUBLIC_SITE_URL: webOrigin,
    };
    const functions: Record<string, SanadFunction> = {};
    const intake: string[] = [];
    const delivery = this.gradualDelivery(props.deploymentConfig ?? DEFAULT_DEPLOYMENT_CONFIG);
    const make = (name: string, spec: HttpFunctionSpec | EventFunctionSpec, timeout: Duration) => {
      // A public route's function serves the public whatever its registry entry says.
      const access =
        'auth' in spec && spec.auth === 'public' ? { ...spec.access, publicInput: true } : spec.access;
      const scheduled = 'trigger' in spec && spec.trigger.kind === 'schedule';
      const fn = new SanadFunction(this, pascal(name), {
        entry: spec.entry,
        environment,
        timeout,
        logsKey: this.stateful.logsKey,
        delivery,
        traceCalls: props.traceCalls,
        reservedConcurrency: scheduled
          ? props.reservedConcurrency?.sweep
          : access.publicInput
            ? props.reservedConcurrency?.intake
            : undefined,
      });
      grantAccess(fn, access, this.stateful, live, props.mail, props.sms);
      monitorFunction(this.functionAlarms, fn, this.stateful.alarms);
      functions[name] = fn;
      if (access.publicInput) intake.push(name);
      return fn;
    };

    // Links to files sent by SMS are served by the HTTP API, at the address the public reaches it by.
    Object.assign(environment, { PUBLIC_API_URL: publicApiUrl });
    const authorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', this.stateful.userPool, {
      userPoolClients: [this.stateful.inboxClient],
    });
    const publicFormRoutes = new Map<string, apigwv2.HttpRoute>();
    for (const [name, spec] of Object.entries(httpFunctions)) {
      const fn = make(name, spec, Duration.seconds(10));
      // Behind CloudFront, requests without its origin header are refused (functions/lib/client-address.ts).
      if (originSecret) fn.function.addEnvironment('API_ORIGIN_SECRET', originSecret);
      // One invoke permission per function and API, not one per route: the stack stays under 500 resources.
      const integration = new HttpLambdaIntegration(`${pascal(name)}Integration`, fn.live, {
        scopePermissionToRoute: false,
      });
      for (const routeKey of spec.routes) {
        const route = addHttpRoute(
          this.httpRoutes,
          this.httpApi,
          routeKey,
          integration,
          spec.auth === 'staff' ? authorizer : undefined,
        );
        if (spec.auth === 'public' && routeKey.startsWith('POST /public/'))
          publicFormRoutes.set(routeKey, route);
      }
    }
    throttlePublicForms(this.httpStage, publicFormRoutes);

    for (const [name, spec] of Object.entries(eventFunctions)) {
      // As long as an inbound claim's lease (INBOUND_CLAIM_LEASE_MS), so a redelivery never overtakes a live run.
      const fn = make(name, spec, Duration.seconds(60));
      triggers.connect(name, fn, spec.trigger, live);
    }
    // The scheduled run is the escalation run; its lag metric is watched once it exists.
    if (Object.values(eventFunctions).some((spec) => spec.trigger.kind === 'schedule')) {
      monitorEscalationLag(this, this.stateful.alarms);
    }
    if (Object.values(eventFunctions).some((spec) => (spec.access as FunctionAccess).sendSms)) {
      monitorTextBudget(this, this.stateful.alarms);
    }
    new OperationsDashboard(this, 'Operations', {
      api: this.httpApi,
      table: this.stateful.table,
      functions,
      intake,
      deadLetterQueues: this.stateful.deadLetterQueues,
    });

    new CfnOutput(this, 'HttpApiUrl', { value: publicApiUrl });
    new CfnOutput(this, 'WebAppUrl', { value: webOrigin });
    if (live) new CfnOutput(this, 'WebSocketUrl', { value: live.stage.url });
    if (triggers.receiptRules)
      new CfnOutput(this, 'ReceiptRuleSetName', { value: triggers.receiptRules.receiptRuleSetName });
  }

  /** Every function's alias moves to a new version through CodeDeploy, rolled back when its error alarm fires. */
  private gradualDelivery(configName: DeploymentConfigName): GradualDelivery {
    const role = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
      description: 'CodeDeploy shifts the live alias of each Sanad function',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason:
        'The managed policy CodeDeploy documents for Lambda: update aliases, read alarms, invoke only CodeDeployHook_* functions',
    });
    return {
      application: new codedeploy.LambdaApplication(this, 'Deployments'),
      role,
      config: DEPLOYMENT_CONFIGS[configName],
    };
  }

  /**
   * The address beneficiaries, providers and the inbox reach the HTTP API by: CloudFront with WAF (on the API's
   * domain when given; with the origin header's value the HTTP functions require), else API Gateway on the API's
   * domain, else API Gateway's own endpoint.
   */
  private publicApi(
    waf: StatelessStackProps['waf'],
    domain: ApiDomain | undefined,
  ): { url: string; originSecret?: string } {
    if (waf) {
      const { distribution, originSecret } = apiDistribution(this, this.httpApi, {
        webAclArn: waf.webAclArn,
        domain,
        logBucket: this.stateful.logs,
      });
      // The DNS record of the API's domain points here.
      new CfnOutput(this, 'ApiEdgeDomainName', { value: distribution.distributionDomainName });
      return { url: `https://${domain?.domainName ?? distribution.distributionDomainName}`, originSecret };
    }
    if (domain) {
      const domainName = apiCustomDomain(this, this.httpStage, domain);
      new CfnOutput(this, 'ApiDomainTarget', { value: domainName.regionalDomainName });
      return { url: `https://${domain.domainName}` };
    }
    return { url: this.httpApi.apiEndpoint };
  }

  /**
   * Where the inbox's scripts may connect: exactly this API and WebSocket once the inbox's address is named (the
   * deploy that builds the inbox), the region's API Gateway hosts before (and the API's public address); Cognito;
   * the presigned attachment links.
   */
  private connectSources(exact: boolean, live: LiveUpdates | undefined, publicApiUrl: string): string[] {
    const apiHosts = `*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    const { signInDomain, buckets } = this.stateful;
    // Before the inbox's address is named, the API's CORS names the inbox distribution: naming the WAF distribution
    // here too would make a cycle, so its host is matched by CloudFront's domain until then.
    const publicHost = Token.isUnresolved(publicApiUrl) ? 'https://*.cloudfront.net' : publicApiUrl;
    const ownEndpoint = publicApiUrl === this.httpApi.apiEndpoint;
    return [
      ...(exact ? [publicApiUrl] : [`https://${apiHosts}`, ...(ownEndpoint ? [] : [publicHost])]),
      ...(exact ? (live ? [live.stage.url] : []) : [`wss://${apiHosts}`]),
      `https://cognito-idp.${Aws.REGION}.amazonaws.com`,
      ...(signInDomain ? [signInDomain.baseUrl()] : []),
      // Attachment downloads redirect to a presigned URL of the bucket, which fetch follows.
      `https://${buckets.attachments.bucketName}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`,
    ];
  }
}
