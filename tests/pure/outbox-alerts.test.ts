import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUDGET_EXHAUSTED_METRIC, outboxAlerts } from '../../functions/lib/outbox-alerts.ts';

describe('the alert when the day’s budget of texts to unconfirmed numbers runs out', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('publishes the metric the budget alarm watches, in CloudWatch’s embedded format, at once', () => {
    // The tests turn metrics off; this one needs them, and Metrics is only made at the first alert.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    outboxAlerts.budgetExhausted('2026-11-30', 500);
    const emf = lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(emf).toHaveLength(1);
    const [record] = emf as [Record<string, unknown> & { _aws: { CloudWatchMetrics: unknown[] } }];
    expect(record[BUDGET_EXHAUSTED_METRIC]).toBe(1);
    expect(record._aws.CloudWatchMetrics).toEqual([
      expect.objectContaining({
        Namespace: 'Sanad',
        Metrics: [{ Name: BUDGET_EXHAUSTED_METRIC, Unit: 'Count' }],
      }),
    ]);
  });
});
