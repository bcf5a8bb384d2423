import { readdirSync, readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { correlationIdOf, logger, observed, tracer } from '../../functions/lib/observability.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';

const context = { functionName: 'report-aggregator', awsRequestId: 'req-1' } as Context;

describe('the correlation id of an invocation', () => {
  it.each([
    ['an API Gateway request', { requestContext: { requestId: 'api-1' } }, 'api-1'],
    ['an SNS delivery', { Records: [{ Sns: { MessageId: 'sns-1' } }] }, 'sns-1'],
    ['an SQS job', { Records: [{ messageId: 'sqs-1' }] }, 'sqs-1'],
    ['a received mail', { Records: [{ ses: { mail: { messageId: 'ses-1' } } }] }, 'ses-1'],
    ['a table change', { Records: [{ eventID: 'stream-1' }] }, 'stream-1'],
    ['a scheduled run', { id: 'schedule-1', 'detail-type': 'Scheduled Event' }, 'schedule-1'],
  ])('is the id of %s', (_kind, event, id) => {
    expect(correlationIdOf(event)).toBe(id);
  });

  it('is absent when the event carries none', () => {
    expect(correlationIdOf({ Records: [] })).toBeUndefined();
    expect(correlationIdOf(undefined)).toBeUndefined();
  });
});

describe('every handler observed', () => {
  afterEach(() => {
    logger.setLogLevel('SILENT');
    vi.restoreAllMocks();
  });

  it('puts the Lambda context and the correlation id on each log line, and not on the next invocation', async () => {
    logger.setLogLevel('INFO');
    const lines: Record<string, unknown>[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)));
      return true;
    });
    const handler = observed(async (event: { Records: { eventID: string }[] }) => {
      logger.info('counted', { records: event.Records.length });
      return event.Records.length;
    });

    await handler({ Records: [{ eventID: 'change-1' }] }, context);
    await handler({ Records: [] }, context);

    expect(lines[0]).toMatchObject({
      message: 'counted',
      function_name: 'report-aggregator',
      function_request_id: 'req-1',
      correlationId: 'change-1',
    });
    expect(lines[1]?.correlationId).toBeUndefined();
  });

  it('keeps the tracer off outside Lambda, so npm start and tests send no traces', () => {
    expect(tracer.isTracingEnabled()).toBe(false);
  });

  it('is wired once: every handler of the registries goes through observability()', () => {
    // The shared wrappers each apply observability(); a handler uses one of them or applies it itself.
    const wrappers = {
      'functions/lib/http-handler.ts': ['httpFunction', 'staffRoutesFunction'],
      'functions/lib/websocket-function.ts': ['websocketFunction'],
      'functions/channels/webhook.ts': ['webhookFunction', 'snsWebhookFunction'],
    };
    for (const file of Object.keys(wrappers))
      expect(readFileSync(file, 'utf8'), file).toContain('observability()');
    // A call, with or without type arguments: `observed(`, `snsWebhookFunction<Entry>(`.
    const ways = ['observability', 'observed', ...Object.values(wrappers).flat()].map(
      (name) => new RegExp(`\\b${name}\\s*(<[^>]*>)?\\(`),
    );
    const entries = [...Object.values(HTTP_FUNCTIONS), ...Object.values(EVENT_FUNCTIONS)].map(
      (spec) => spec.entry,
    );
    for (const entry of new Set(entries)) {
      const source = readFileSync(entry, 'utf8');
      expect(
        ways.some((way) => way.test(source)),
        entry,
      ).toBe(true);
    }
    // Nothing wires the Lambda context on its own, bypassing the tracer and the correlation id.
    const sources = ['functions/handlers', 'functions/lib', 'functions/channels'].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => `${dir}/${file}`),
    );
    for (const file of sources.filter((file) => !file.endsWith('lib/observability.ts'))) {
      expect(readFileSync(file, 'utf8'), file).not.toContain('injectLambdaContext');
    }
  });
});
