import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { synthesizeSanad } from './synth.ts';

export const DOMAIN = {
  domainName: 'inbox.example.org',
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
};

// Synthesis takes a minute or more on a busy machine.
const SYNTH_TIMEOUT = 240_000;

export interface HardenedTemplates {
  stateful: Template;
  stateless: Template;
  /**
   * One deployment with every option set: domain, retention periods, backup copy region, reserved concurrency,
   * traced calls.
   */
  options: { stateful: Template; stateless: Template };
}

/** Both stacks' templates, as deployed by default and with every option set, synthesized once for the test file. */
export function useHardenedTemplates(): HardenedTemplates {
  const templates = { options: {} } as HardenedTemplates;
  beforeAll(() => {
    ({ statefulTemplate: templates.stateful, statelessTemplate: templates.stateless } = synthesizeSanad());
    ({ statefulTemplate: templates.options.stateful, statelessTemplate: templates.options.stateless } =
      synthesizeSanad(
        {},
        {
          ...DOMAIN,
          rawMailRetentionDays: '90',
          attachmentRetentionDays: '730',
          backupCopyRegion: 'eu-central-1',
          intakeConcurrency: '20',
          sweepConcurrency: '1',
          traceCalls: 'true',
        },
      ));
  }, SYNTH_TIMEOUT);
  return templates;
}

/** The event functions triggered by `kind` (a schedule, the table stream, …). */
export const namesWith = (kind: string) =>
  Object.entries(EVENT_FUNCTIONS)
    .filter(([, spec]) => spec.trigger.kind === kind)
    .map(([name]) => name);
