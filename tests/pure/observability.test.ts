import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import {
  correlatedEvents,
  correlatedOutbox,
  correlatedSenders,
  correlationIdOf,
  currentCorrelationId,
  logger,
  observed,
  ownInvocation,
  tracing,
} from '../../functions/lib/observability.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';
import type { TicketChanged } from '../../shared/domain/ticket-change.ts';
import type { OutboundMessage } from '../../shared/ports/outbound.ts';
import type { AutomaticMessage, OutboxStatusReader, OutboxStore } from '../../shared/ports/outbox.ts';

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

  it("is the id a ticket change carries, over the SNS message's own, so its consumers log under its cause", () => {
    const change = JSON.stringify({ kind: 'created', ticketId: 't1', correlationId: 'api-7' });
    expect(correlationIdOf({ Records: [{ Sns: { MessageId: 'sns-2', Message: change } }] })).toBe('api-7');
    const plain = JSON.stringify({ originationNumber: '+966551239876', messageBody: 'correlationId' });
    expect(correlationIdOf({ Records: [{ Sns: { MessageId: 'sns-3', Message: plain } }] })).toBe('sns-3');
    expect(
      correlationIdOf({ Records: [{ Sns: { MessageId: 'sns-4', Message: '{"correlationId":' } }] }),
    ).toBe('sns-4');
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

  it('leaves the tracer unloaded outside Lambda, so npm start and tests neither trace nor hook every promise', () => {
    expect(tracing).toBeUndefined();
    expect(
      Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('aws-xray-sdk')),
    ).toEqual([]);
  });

  it('is wired once: every handler of the registries goes through observability()', () => {
    // The shared wrappers each apply observability(); a handler uses one of them or applies it itself.
    const wrappers = {
      'functions/lib/http-handler.ts': ['httpFunction', 'staffRoutesFunction'],
      'functions/lib/websocket-function.ts': ['websocketFunction'],
      'functions/lib/webhook-function.ts': ['webhookFunction', 'snsWebhookFunction'],
      'functions/lib/scheduled-sweep.ts': ['scheduledSweep'],
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

describe('an invocation started by other work (npm start: a change handed to the search indexer)', () => {
  const handler = observed(async (_event: { requestContext: { requestId: string } }) => {
    await Promise.resolve();
    return currentCorrelationId();
  });
  const invoke = (requestId: string) =>
    ownInvocation(() => handler({ requestContext: { requestId } }, context));

  it('leaves work outside any invocation outside it, as npm start writing its demo tickets', async () => {
    // The start-up's own work, in no invocation (a handler called directly, as Lambda calls it, stays entered).
    const startUp = ownInvocation(async () => {
      const before = currentCorrelationId();
      const answered = invoke('indexer-1');
      const during = currentCorrelationId();
      return [before, during, await answered, currentCorrelationId()];
    });
    expect(await startUp).toEqual([undefined, undefined, 'indexer-1', undefined]);
  });

  it("logs the start-up's own lines under no function, not the last one invoked", async () => {
    const lines: Record<string, unknown>[] = [];
    await ownInvocation(async () => {
      await invoke('indexer-3');
      // After the invocation: its end sets the logger's level back to the environment's.
      logger.setLogLevel('INFO');
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        lines.push(JSON.parse(String(chunk)));
        return true;
      });
      try {
        logger.info('start-up line');
      } finally {
        logger.setLogLevel('SILENT');
        vi.restoreAllMocks();
      }
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ message: 'start-up line' });
    expect(lines[0]).not.toHaveProperty('function_name');
    expect(lines[0]).not.toHaveProperty('correlationId');
  });

  it('leaves the invocation that caused it with its own id', async () => {
    const outer = observed(async () => {
      const inner = await invoke('indexer-2');
      return [inner, currentCorrelationId()];
    });
    expect(await outer({ requestContext: { requestId: 'form-1' } }, context)).toEqual([
      'indexer-2',
      'form-1',
    ]);
  });
});

describe('the correlation id on what an invocation causes', () => {
  const message = (correlationId?: string): OutboundMessage => ({
    channel: 'sms',
    to: '+966551239876',
    text: 'تم استلام طلبك',
    attachments: [],
    ticketReference: 'SND-2026-000001',
    correlationId,
  });

  it("is each concurrent invocation's own, and stamped on its events, outbox items and sends", async () => {
    const published: TicketChanged[] = [];
    const recorded: AutomaticMessage[] = [];
    const sent: OutboundMessage[] = [];
    const events = correlatedEvents({ publish: async (change) => void published.push(change) });
    const outbox = correlatedOutbox({
      record: async (intent) => Boolean(recorded.push(intent)),
    } as OutboxStore & OutboxStatusReader);
    const senders = correlatedSenders({
      sms: { send: async (out) => ({ providerMessageId: `p-${sent.push(out)}` }) },
    });
    const handler = observed(async (event: { requestContext: { requestId: string } }) => {
      await new Promise((resolve) => setTimeout(resolve, event.requestContext.requestId === 'a' ? 20 : 1));
      const ticketId = event.requestContext.requestId;
      await events.publish({ kind: 'created', ticketId, reference: 'R', queueId: 'q', at: 'now' });
      await outbox.record({
        id: `${ticketId}#ack`,
        ticketId,
        kind: 'acknowledgement',
        text: 'x',
        createdAt: 'now',
      });
      await senders.sms?.send(message());
      return currentCorrelationId();
    });

    const ids = await Promise.all(
      ['a', 'b'].map((id) => handler({ requestContext: { requestId: id } }, context)),
    );

    expect(ids).toEqual(['a', 'b']);
    expect(Object.fromEntries(published.map((change) => [change.ticketId, change.correlationId]))).toEqual({
      a: 'a',
      b: 'b',
    });
    expect(Object.fromEntries(recorded.map((intent) => [intent.ticketId, intent.correlationId]))).toEqual({
      a: 'a',
      b: 'b',
    });
    expect(sent.map((out) => out.correlationId).sort()).toEqual(['a', 'b']);
  });

  it("sends an automatic message with the id it was recorded under, not the drain's, and logs it so", async () => {
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const sent: OutboundMessage[] = [];
    const senders = correlatedSenders({
      sms: { send: async (out) => ({ providerMessageId: `p-${sent.push(out)}` }) },
    });
    const drain = observed(async () => senders.sms?.send(message('form-request-1')));
    await drain({ id: 'schedule-9' }, context);
    vi.restoreAllMocks();

    expect(sent[0]?.correlationId).toBe('form-request-1');
    expect(info).toHaveBeenCalledWith(
      'Message sent',
      expect.objectContaining({ correlationId: 'form-request-1', channel: 'sms', providerMessageId: 'p-1' }),
    );
  });
});
