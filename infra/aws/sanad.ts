import { type App, Validations } from 'aws-cdk-lib';
import { DEFAULT_CROSS_STACK_REFERENCES } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SanadBootstrap } from './bootstrap.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack, type StatelessStackProps } from './stateless-stack.ts';

export type SanadOptions = Omit<StatelessStackProps, 'stateful'>;

/**
 * Both stacks, environment-agnostic (synth needs no account or credentials), checked by cdk-nag's
 * AwsSolutions pack. Context: `mailRecipients` (comma-separated) limits the SES receipt rule; `mailFrom` and
 * `mailReplyTo` are the sender and reply-to of outgoing mail; `webAppUrl` (the WebAppUrl output of a first deploy)
 * turns on Cognito's hosted sign-in for the inbox at that address; `adminEmail` is the first admin invited.
 */
export function createSanad(app: App, options: SanadOptions = {}) {
  // Keep CloudFormation exports protected while the stateless stack imports them (the current default).
  if (app.node.tryGetContext(DEFAULT_CROSS_STACK_REFERENCES) === undefined) {
    app.node.setContext(DEFAULT_CROSS_STACK_REFERENCES, 'strong');
  }
  const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
  const mailRecipients = context('mailRecipients');
  const stateful = new StatefulStack(app, 'SanadStateful', {
    description: 'Sanad data: table, buckets, topics, staff directory, dead letters',
    webAppUrl: context('webAppUrl'),
  });
  const stateless = new StatelessStack(app, 'SanadStateless', {
    description: 'Sanad functions, APIs, triggers and web distribution',
    stateful,
    mailRecipients: mailRecipients?.split(',').map((address) => address.trim()),
    mail: { from: context('mailFrom'), replyTo: context('mailReplyTo') },
    ...options,
  });
  new SanadBootstrap(stateless, 'Bootstrap', { stateful, adminEmail: context('adminEmail') });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
}
