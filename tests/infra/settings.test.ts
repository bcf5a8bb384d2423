import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { awsPlatform } from '../../functions/platform/aws.ts';
import { awsLivePusher } from '../../functions/platform/aws-live.ts';
import { awsSenders } from '../../functions/platform/aws-senders.ts';
import { awsStaffAccounts, awsStaffTokens } from '../../functions/platform/aws-staff.ts';
import type { Platform } from '../../functions/platform/platform.ts';
import { SETTINGS, type SettingName, Settings } from '../../functions/platform/settings.ts';
import { type FunctionAccess, HTTP_FUNCTIONS } from '../../functions/routes.ts';
import { pascal } from '../../infra/aws/names.ts';
import { functionProperties, synthesizeSanad } from './synth.ts';

let template: Template;

beforeAll(() => {
  ({ statelessTemplate: template } = synthesizeSanad());
});

/** Variables Lambda, Node and Powertools read themselves; everything else must be one of ours. */
const RUNTIME_VARIABLES = new Set([
  'NODE_OPTIONS',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_TRACE_ENABLED',
  'LOG_LEVEL',
]);

/** A function's environment as Lambda would see it: CloudFormation references resolved to well-formed values. */
function deployedEnvironment(name: string): Record<string, string> {
  const variables = (
    functionProperties(template, pascal(name)).Environment as { Variables: Record<string, unknown> }
  ).Variables;
  const env: Record<string, string> = { AWS_REGION: 'me-south-1' };
  for (const [variable, value] of Object.entries(variables)) {
    if (typeof value === 'string') env[variable] = value;
    else {
      const schema = SETTINGS[variable as SettingName]?.schema;
      env[variable] = schema?.safeParse('https://resolved.example/ref').success
        ? 'https://resolved.example/ref'
        : 'resolved-ref';
    }
  }
  return env;
}

/** The platform members a function's grants entitle it to: each must be buildable from its environment alone. */
function membersFor(access: FunctionAccess): Array<(platform: Platform) => unknown> {
  const members: Array<(platform: Platform) => unknown> = [
    (p) => p.tableName,
    (p) => p.deadLetters(),
    (p) => p.secrets(),
    (p) => p.objects(),
    (p) => p.verifier({ getStaffUser: async () => undefined }),
    (p) => p.publicSiteUrl(),
    (p) => p.sentMailDomain(),
  ];
  if (access.buckets?.includes('rawMail')) members.push((p) => p.rawMail());
  if (access.topics?.includes('ticketEvents')) members.push((p) => p.events());
  if (access.notifyStaff) members.push((p) => p.staffMailer());
  if (access.websocket) members.push((p) => p.livePusher());
  if (access.queues?.includes('mediaFetch')) members.push((p) => p.mediaQueue());
  if (access.sendEmail || access.sendSms || access.secrets?.includes('file-link-secret')) {
    members.push(
      (p) => p.fileLinks(),
      (p) => p.senders(),
    );
  }
  return members;
}

const FUNCTIONS = { ...HTTP_FUNCTIONS, ...EVENT_FUNCTIONS };

describe('the settings every deployed function reads', () => {
  it('are all in the one typed list, so a misspelt or stale variable cannot ship', () => {
    for (const name of Object.keys(FUNCTIONS)) {
      const unknown = Object.keys(deployedEnvironment(name)).filter(
        (variable) => !(variable in SETTINGS) && !RUNTIME_VARIABLES.has(variable),
      );
      expect(unknown, name).toEqual([]);
    }
  });

  it.each(Object.entries(FUNCTIONS))('let %s build every adapter its grants entitle it to', (name, spec) => {
    const platform = awsPlatform(
      new Settings(deployedEnvironment(name)),
      awsSenders,
      awsStaffTokens,
      awsStaffAccounts,
      awsLivePusher,
    );
    const members = membersFor(spec.access);
    expect(members.length).toBeGreaterThan(5);
    for (const member of members) {
      // An adapter built without its variable throws on any use, even reading its constructor.
      expect(() => (member(platform) as { constructor?: unknown })?.constructor).not.toThrow();
    }
  });

  it('names the missing variable when an adapter is used without it', () => {
    const platform = awsPlatform(new Settings({ AWS_REGION: 'me-south-1', TABLE_NAME: 'sanad' }));
    expect(() => platform.livePusher()).toThrow('posts to no inbox connection');
    const pusher = awsPlatform(new Settings({ AWS_REGION: 'me-south-1' }), awsLivePusher).livePusher();
    expect(() => pusher.post).toThrow('Environment variable WEBSOCKET_CALLBACK_URL is not set');
    expect(() => platform.senders()).toThrow('sends no messages: its handler names no such part');
    expect(() => platform.verifier({ getStaffUser: async () => undefined })).toThrow(
      'verifies no staff tokens',
    );
    expect(() => platform.staffAccounts()).toThrow('keeps no staff accounts');
    expect(() =>
      new Settings({ DEAD_LETTER_QUEUE_URL: 'not a url' }).required('DEAD_LETTER_QUEUE_URL'),
    ).toThrow('DEAD_LETTER_QUEUE_URL is not valid');
  });
});
