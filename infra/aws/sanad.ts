import { type App, type Environment, Validations } from 'aws-cdk-lib';
import { DEFAULT_CROSS_STACK_REFERENCES } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Settings, type SmsProviderSettings, smsProviderOf } from '../../functions/platform/settings.ts';
import { type ApiDomain, certificateRegion } from './api-edge.ts';
import { ApiFirewallStack, CLOUDFRONT_WAF_REGION } from './api-firewall-stack.ts';
import { SanadBootstrap } from './bootstrap.ts';
import { StatefulStack } from './stateful-stack.ts';
import {
  DEPLOYMENT_CONFIGS,
  type DeploymentConfigName,
  StatelessStack,
  type StatelessStackProps,
} from './stateless-stack.ts';

export type SanadOptions = Omit<StatelessStackProps, 'stateful'>;

/**
 * Both stacks, environment-agnostic (synth needs no account or credentials), checked by cdk-nag's
 * AwsSolutions pack. Context: `mailRecipients` (comma-separated) limits the SES receipt rule; `mailFrom` and
 * `mailReplyTo` are the sender and reply-to of outgoing mail; `webAppUrl` (the WebAppUrl output of a first deploy)
 * turns on Cognito's hosted sign-in for the inbox at that address. `domainName` with `certificateArn` (ACM, in
 * us-east-1) serves the inbox and public pages on that domain with TLS 1.2 at least. `societySiteOrigins` (https
 * origins, comma-separated) lets the society's own sites' scripts call the API's public routes (CORS).
 * `rawMailRetentionDays` and `attachmentRetentionDays` are the society's retention periods; `backupCopyRegion`
 * copies the daily backups there;
 * `intakeConcurrency` and `sweepConcurrency` reserve concurrency (stateless-stack.ts, ReservedConcurrency);
 * `adminEmail` is the first admin invited. `deploymentConfig` is how CodeDeploy shifts each function's alias;
 * `waf=true` (with `webAclArn` for an existing WebACL) puts CloudFront and AWS WAF in front of the HTTP API, and
 * `apiDomainName` with `apiCertificateArn` serves the API on that domain. `smsProvider` (sns, end-user-messaging or
 * aggregator) with `smsSenderId` (required with env=production and with the aggregator), `smsConfigurationSet` and
 * `smsAggregatorUrl` is how texts leave. `env=<name>`
 * takes every setting not given with `-c` from that block of cdk.json's `environments`. `traceCalls=true` loads the
 * Powertools Tracer in every function (X-Ray subsegments for the handler and its HTTPS calls; cold starts 15–20 ms
 * longer, as the bench measures).
 */
export function createSanad(app: App, options: SanadOptions = {}) {
  // Keep CloudFormation exports protected while the stateless stack imports them (the current default).
  if (app.node.tryGetContext(DEFAULT_CROSS_STACK_REFERENCES) === undefined) {
    app.node.setContext(DEFAULT_CROSS_STACK_REFERENCES, 'strong');
  }
  const block = environmentBlock(app);
  const setting = (key: string): unknown => app.node.tryGetContext(key) ?? block[key];
  const context = (key: string) => {
    const value = setting(key);
    return value === undefined ? undefined : String(value);
  };
  const mailRecipients = context('mailRecipients');
  // A domain and the ACM certificate that covers it, given together or not at all.
  const pair = (domainKey: string, certificateKey: string): ApiDomain | undefined => {
    const domainName = context(domainKey);
    const certificateArn = context(certificateKey);
    if (Boolean(domainName) !== Boolean(certificateArn)) {
      throw new Error(
        `Give ${domainKey} and ${certificateKey} together (the certificate must cover the domain)`,
      );
    }
    return domainName && certificateArn ? { domainName, certificateArn } : undefined;
  };
  const webDomain = pair('domainName', 'certificateArn');
  const webAppUrl = context('webAppUrl') ?? (webDomain && `https://${webDomain.domainName}`);
  const count = (key: string) => {
    const value = context(key);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${key} must be a whole number above 0`);
    return parsed;
  };
  const apiDomain = pair('apiDomainName', 'apiCertificateArn');
  const sms = smsSettings(context, app.node.tryGetContext('env') === 'production');
  const traceCalls = isTrue(setting('traceCalls'));
  const waf = setting('waf');
  let webAclArn = context('webAclArn');
  if (webAclArn && !isTrue(waf))
    throw new Error('webAclArn is the WebACL of -c waf=true: give waf=true with it');
  if (isTrue(waf) && apiDomain) {
    const region = certificateRegion(apiDomain.certificateArn);
    if (region && region !== CLOUDFRONT_WAF_REGION) {
      throw new Error(
        `With waf=true CloudFront serves apiDomainName: apiCertificateArn must be a certificate in ${CLOUDFRONT_WAF_REGION}, not ${region}`,
      );
    }
  }
  // Without an existing WebACL, the firewall stack makes one in us-east-1 and the API's stacks, now tied to their
  // region, read its ARN through a cross-region reference.
  let env: Environment | undefined;
  if (isTrue(waf) && !webAclArn) {
    const region = context('region') ?? process.env.CDK_DEFAULT_REGION;
    if (!region) {
      throw new Error(
        'waf=true makes the WebACL in us-east-1 for the API in your region: set AWS_REGION (or -c region=…), or give an existing WebACL with -c webAclArn=…',
      );
    }
    env = { region, account: process.env.CDK_DEFAULT_ACCOUNT };
    webAclArn = new ApiFirewallStack(app, 'SanadApiFirewall', {
      description: 'Sanad: the AWS WAF WebACL of the CloudFront distribution in front of the HTTP API',
      env: { ...env, region: CLOUDFRONT_WAF_REGION },
      crossRegionReferences: true,
    }).webAclArn;
  }
  const stateful = new StatefulStack(app, 'SanadStateful', {
    description: 'Sanad data: table, buckets, topics, staff directory, dead letters',
    env,
    webAppUrl,
    retention: {
      rawMailDays: count('rawMailRetentionDays'),
      attachmentDays: count('attachmentRetentionDays'),
    },
    backupCopyRegion: context('backupCopyRegion'),
  });
  const stateless = new StatelessStack(app, 'SanadStateless', {
    description: 'Sanad functions, APIs, triggers and web distribution',
    env,
    crossRegionReferences: env !== undefined,
    stateful,
    mailRecipients: mailRecipients?.split(',').map((address) => address.trim()),
    mail: { from: context('mailFrom'), replyTo: context('mailReplyTo') },
    sms,
    webDomain,
    webAppUrl,
    societySiteOrigins: siteOrigins(context('societySiteOrigins')),
    reservedConcurrency: { intake: count('intakeConcurrency'), sweep: count('sweepConcurrency') },
    deploymentConfig: deploymentConfig(context('deploymentConfig')),
    waf: webAclArn ? { webAclArn } : undefined,
    apiDomain,
    traceCalls,
    ...options,
  });
  new SanadBootstrap(stateless, 'Bootstrap', {
    stateful,
    adminEmail: context('adminEmail'),
    traceCalls,
    signInUrl: webAppUrl,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
}

/** The settings of `-c env=<name>`: that block of the `environments` context (cdk.json); none without `env`. */
function environmentBlock(app: App): Record<string, unknown> {
  const name = app.node.tryGetContext('env') as string | undefined;
  if (name === undefined) return {};
  const environments = (app.node.tryGetContext('environments') ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const block = environments[name];
  if (!block) {
    throw new Error(
      `env=${name} is not in cdk.json's environments (${Object.keys(environments).join(', ')})`,
    );
  }
  return block;
}

/** The context keys of the SMS settings, by the environment variable each becomes. */
const SMS_CONTEXT = {
  SMS_PROVIDER: 'smsProvider',
  SMS_SENDER_ID: 'smsSenderId',
  SMS_CONFIGURATION_SET: 'smsConfigurationSet',
  SMS_AGGREGATOR_URL: 'smsAggregatorUrl',
} as const;

/**
 * How texts leave, checked at synth with the schema the functions read them with (functions/platform/settings.ts),
 * so a deployment never ships a provider its functions would refuse at the first text.
 */
function smsSettings(context: (key: string) => string | undefined, production: boolean): SmsProviderSettings {
  const given = (variable: keyof typeof SMS_CONTEXT) => context(SMS_CONTEXT[variable]);
  const provider = given('SMS_PROVIDER') ?? 'sns';
  // Saudi carriers take texts from a registered alphanumeric sender id only; without one they never arrive.
  if (production && !given('SMS_SENDER_ID')) {
    throw new Error(
      `-c env=production needs smsSenderId: the alphanumeric sender id registered for Saudi Arabia (+966) with smsProvider=${provider} (texts to Saudi numbers from anything else are blocked). Give it with -c smsSenderId=… (the production environment's CDK_CONTEXT)`,
    );
  }
  const missing = (['SMS_AGGREGATOR_URL', 'SMS_SENDER_ID'] as const).filter((variable) => !given(variable));
  if (provider === 'aggregator' && missing.length > 0) {
    throw new Error(
      `smsProvider=aggregator needs ${missing.map((variable) => SMS_CONTEXT[variable]).join(' and ')}: smsAggregatorUrl is the aggregator's API base (https://…), smsSenderId the sender id registered with it`,
    );
  }
  if (given('SMS_AGGREGATOR_URL') && provider !== 'aggregator')
    throw new Error(
      'smsAggregatorUrl is the API of smsProvider=aggregator: give smsProvider=aggregator with it',
    );
  if (given('SMS_CONFIGURATION_SET') && provider !== 'end-user-messaging') {
    throw new Error(
      'smsConfigurationSet is for smsProvider=end-user-messaging: give smsProvider=end-user-messaging with it',
    );
  }
  if (given('SMS_AGGREGATOR_URL')?.startsWith('https://') === false)
    throw new Error('smsAggregatorUrl must be an https:// address: the API key travels with each text');
  const environment = Object.fromEntries(
    Object.keys(SMS_CONTEXT).map((variable) => [variable, given(variable as keyof typeof SMS_CONTEXT)]),
  );
  try {
    return smsProviderOf(new Settings(environment));
  } catch (error) {
    // Name the context key the operator typed, not the variable it becomes.
    throw new Error(
      (error as Error).message.replace(
        /Environment variable (\w+)/,
        (_, variable: keyof typeof SMS_CONTEXT) => `-c ${SMS_CONTEXT[variable]}`,
      ),
    );
  }
}

function deploymentConfig(name: string | undefined): DeploymentConfigName | undefined {
  if (name === undefined || name in DEPLOYMENT_CONFIGS) return name as DeploymentConfigName | undefined;
  throw new Error(`deploymentConfig must be one of ${Object.keys(DEPLOYMENT_CONFIGS).join(', ')}`);
}

/** A context flag: `-c waf=true` arrives as a string, a cdk.json value as a boolean. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** `societySiteOrigins`: https origins, comma separated, each exactly as a browser sends it (no path, no slash). */
function siteOrigins(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((given) => {
    const origin = given.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {}
    if (parsed?.protocol !== 'https:' || parsed.origin !== origin)
      throw new Error(`societySiteOrigins: ${origin} is not an https origin such as https://society.org.sa`);
    return origin;
  });
}
