import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { pascal } from '../../infra/aws/names.ts';
import { POWERTOOLS_LAYER_PARAMETER } from '../../infra/aws/sanad-function.ts';
import { namesWith, useHardenedTemplates } from './hardened-deployment.ts';
import { logicalIdOf } from './synth.ts';

const t = useHardenedTemplates();

describe('every function', () => {
  it('runs on Node.js 24 with active tracing', () => {
    // Both stacks: a function added to the t.stateful one (a custom resource) is held to the same.
    const functions = [t.stateful, t.stateless].flatMap((template) =>
      Object.values(template.findResources('AWS::Lambda::Function')),
    );
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', TracingConfig: { Mode: 'Active' } });
    }
  });

  it('loads the X-Ray SDK (Powertools Tracer) only when the deployment asks to trace calls', () => {
    const ours = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function')).filter(
        (fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'sanad',
      );
    const tracedIn = (template: Template) =>
      ours(template).map((fn) => fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED);
    expect(ours(t.stateless).length).toBeGreaterThan(30);
    expect(new Set(tracedIn(t.stateless))).toEqual(new Set(['false']));
    expect(new Set(tracedIn(t.options.stateless))).toEqual(new Set(['true']));
  });

  it('is invoked through its live alias by the stream, which hands it ticket changes only', () => {
    const consumers = namesWith('table-stream');
    const mappings = Object.values(t.stateless.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (mapping) => JSON.stringify(mapping.Properties.EventSourceArn).includes('StreamArn'),
    );
    expect(consumers.length).toBeGreaterThan(0);
    expect(mappings).toHaveLength(consumers.length);
    for (const name of consumers) {
      const alias = logicalIdOf(t.stateless, 'AWS::Lambda::Alias', `/${pascal(name)}/Live/Resource`);
      const mapping = mappings.find((candidate) =>
        JSON.stringify(candidate.Properties.FunctionName).includes(`"Ref":"${alias}"`),
      );
      expect(mapping, name).toBeDefined();
      // New contacts are assigned by the agents' load counters this consumer keeps: a batching window would let
      // every contact of a burst read the same counts and go to one agent, past their capacity.
      expect(mapping?.Properties.MaximumBatchingWindowInSeconds ?? 0, name).toBe(0);
      const trigger = EVENT_FUNCTIONS[name as keyof typeof EVENT_FUNCTIONS].trigger as {
        items: { partitionPrefix: string; sortKey: string };
      };
      expect(
        ((mapping?.Properties.FilterCriteria.Filters ?? []) as { Pattern: string }[]).map((filter) =>
          JSON.parse(filter.Pattern),
        ),
        name,
      ).toEqual([
        {
          dynamodb: {
            Keys: {
              PK: { S: [{ prefix: trigger.items.partitionPrefix }] },
              SK: { S: [trigger.items.sortKey] },
            },
          },
        },
      ]);
    }
  });

  it('takes Powertools from the layer AWS publishes for the version it was built with', () => {
    const [parameter] = Object.entries(t.stateless.toJSON().Parameters ?? {}).filter(
      ([, value]) => (value as { Default?: string }).Default === POWERTOOLS_LAYER_PARAMETER,
    );
    expect(POWERTOOLS_LAYER_PARAMETER).toMatch(
      /^\/aws\/service\/powertools\/typescript\/generic\/all\/2\.\d+\.\d+$/,
    );
    expect(parameter?.[1]).toMatchObject({ Type: 'AWS::SSM::Parameter::Value<String>' });
    const ours = Object.values(t.stateless.findResources('AWS::Lambda::Function')).filter(
      (fn) => !String(fn.Metadata?.['aws:cdk:path']).includes('/Bootstrap/Provider/'),
    );
    for (const fn of ours) expect(fn.Properties.Layers).toEqual([{ Ref: parameter?.[0] }]);
  });
});

describe('reserved concurrency', () => {
  const reserved = (template: Template, name: string) =>
    template.toJSON().Resources[
      logicalIdOf(template, 'AWS::Lambda::Function', `/${pascal(name)}/Function/Resource`)
    ].Properties.ReservedConcurrentExecutions;

  it('is none unless set, so a new account (concurrency 10) can deploy', () => {
    for (const fn of Object.values(t.stateless.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  it('is set aside for the intake functions and the sweep when given', () => {
    for (const name of ['webFormContact', 'emailInbound', 'smsInbound', 'metaWebhooks']) {
      expect(reserved(t.options.stateless, name), name).toBe(20);
    }
    for (const name of namesWith('schedule')) expect(reserved(t.options.stateless, name), name).toBe(1);
    for (const name of ['staffApi', 'reportAggregator']) {
      expect(reserved(t.options.stateless, name), name).toBeUndefined();
    }
  });
});
