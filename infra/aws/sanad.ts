import { type App, Validations } from 'aws-cdk-lib';
import { DEFAULT_CROSS_STACK_REFERENCES } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
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
 * us-east-1) serves the inbox and public pages on that domain with TLS 1.2 at least. `rawMailRetentionDays` and
 * `attachmentRetentionDays` are the society's retention periods; `backupCopyRegion` copies the daily backups there;
 * `intakeConcurrency` and `sweepConcurrency` reserve concurrency (stateless-stack.ts, ReservedConcurrency);
 * `adminEmail` is the first admin invited.
 */
export function createSanad(app: App, options: SanadOptions = {}) {
  // Keep CloudFormation exports protected while the stateless stack imports them (the current default).
  if (app.node.tryGetContext(DEFAULT_CROSS_STACK_REFERENCES) === undefined) {
    app.node.setContext(DEFAULT_CROSS_STACK_REFERENCES, 'strong');
  }
  const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
  const mailRecipients = context('mailRecipients');
  const domainName = context('domainName');
  const certificateArn = context('certificateArn');
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new Error('Give domainName and certificateArn together (the certificate must cover the domain)');
  }
  const webDomain = domainName && certificateArn ? { domainName, certificateArn } : undefined;
  const webAppUrl = context('webAppUrl') ?? (webDomain && `https://${webDomain.domainName}`);
  const count = (key: string) => {
    const value = context(key);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${key} must be a whole number above 0`);
    return parsed;
  };
  const stateful = new StatefulStack(app, 'SanadStateful', {
    description: 'Sanad data: table, buckets, topics, staff directory, dead letters',
    webAppUrl,
    retention: {
      rawMailDays: count('rawMailRetentionDays'),
      attachmentDays: count('attachmentRetentionDays'),
    },
    backupCopyRegion: context('backupCopyRegion'),
  });
  const stateless = new StatelessStack(app, 'SanadStateless', {
    description: 'Sanad functions, APIs, triggers and web distribution',
    stateful,
    mailRecipients: mailRecipients?.split(',').map((address) => address.trim()),
    mail: { from: context('mailFrom'), replyTo: context('mailReplyTo') },
    webDomain,
    webAppUrl,
    reservedConcurrency: { intake: count('intakeConcurrency'), sweep: count('sweepConcurrency') },
    deploymentConfig: deploymentConfig(context('deploymentConfig')),
    ...options,
  });
  new SanadBootstrap(stateless, 'Bootstrap', { stateful, adminEmail: context('adminEmail') });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
}

function deploymentConfig(name: string | undefined): DeploymentConfigName | undefined {
  if (name === undefined || name in DEPLOYMENT_CONFIGS) return name as DeploymentConfigName | undefined;
  throw new Error(`deploymentConfig must be one of ${Object.keys(DEPLOYMENT_CONFIGS).join(', ')}`);
}
