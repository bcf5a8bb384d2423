import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../functions/lib/observability.ts';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { postJson, startTestRuntime } from '../../support/runtime.ts';

let runtime: LocalRuntime;
let failWrites = 0;
let injected = 0;
const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'BatchWriteItemCommand']);

beforeAll(async () => {
  runtime = await startTestRuntime({
    instrumentClient: (client) =>
      client.middlewareStack.add(
        (next, context) => async (args) => {
          // A share of writes fail as DynamoDB throttling would, after nothing was written.
          if (WRITE_COMMANDS.has(String(context.commandName)) && Math.random() < failWrites) {
            injected += 1;
            throw Object.assign(new Error('Injected: throughput exceeded'), {
              name: 'ProvisionedThroughputExceededException',
            });
          }
          return next(args);
        },
        { step: 'initialize', name: 'injectWriteFailures' },
      ),
  });
});
afterAll(async () => {
  await runtime.close();
});

describe('store failures', () => {
  it('leave every contact either stored or refused with a 5xx, and a retried delivery completes exactly once', async () => {
    const forms = Array.from({ length: 60 }, (_unused, index) => ({
      key: `fault-${index}`,
      body: {
        name: 'أم راشد',
        phone: `0556${String(100000 + index)}`,
        subject: 'طلب',
        message: `رسالة رقم ${index}`,
      },
    }));
    failWrites = 0.25;
    const first = await Promise.all(
      forms.map((form) =>
        postJson(`${runtime.url}/public/contact`, form.body, { 'idempotency-key': form.key }),
      ),
    );
    for (const result of first) expect([200, 201, 202, 500]).toContain(result.status);
    expect(injected).toBeGreaterThan(0);

    // The provider (here the web page) retries what was not accepted; then every retry finds the stored work.
    failWrites = 0;
    for (const [index, result] of first.entries()) {
      if (result.status !== 500) continue;
      const form = forms[index] as (typeof forms)[number];
      // The failed attempt's claim is still fresh: the retry comes once its lease has run out, as a provider's would.
      vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ['Date'] });
      const retry = await postJson(`${runtime.url}/public/contact`, form.body, {
        'idempotency-key': form.key,
      });
      vi.useRealTimers();
      expect([200, 201]).toContain(retry.status);
    }
    for (const form of forms) {
      const again = await postJson(`${runtime.url}/public/contact`, form.body, {
        'idempotency-key': form.key,
      });
      expect(again.status, form.key).toBe(200);
      const thread = await runtime.deps.store.getTicketWithThread(again.body.ticketId as string);
      expect(thread?.messages, form.key).toHaveLength(1);
    }
  });
});

describe('logs', () => {
  it('carry no national id, phone or income of a beneficiary', async () => {
    const written: string[] = [];
    // Everything handed to the logger, message and attributes, as it would be serialised.
    const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
        written.push(JSON.stringify(args));
      }),
    );
    logger.setLogLevel('DEBUG');
    try {
      await postJson(`${runtime.url}/public/contact`, {
        name: 'هيا الرشيدي',
        phone: '0559871234',
        nationalId: '1000000008',
        subject: 'دخل الأسرة 3750 ريال',
        message: 'دخلي الشهري 3750 ريال ورقم هويتي 1000000008',
      });
      await postJson(`${runtime.url}/public/contact`, {
        name: 'x',
        phone: '0559871234',
        nationalId: '1234567890',
      });
    } finally {
      logger.setLogLevel('SILENT');
      for (const spy of spies) spy.mockRestore();
    }
    const output = written.join('');
    expect(output).toContain('Web form contact ingested');
    for (const secret of ['1000000008', '1234567890', '559871234', '3750'])
      expect(output).not.toContain(secret);
  });
});
