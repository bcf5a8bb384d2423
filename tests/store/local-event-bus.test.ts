import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalTicketEventBus } from '../../infra/local/event-bus.ts';
import type { TicketChanged } from '../../shared/domain/ticket-change.ts';

const change = (ticketId: string): TicketChanged => ({
  kind: 'created',
  ticketId,
  reference: `SND-2026-${ticketId}`,
  queueId: 'beneficiary-relations',
  at: '2026-11-30T08:00:00.000Z',
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("npm start's ticket events, journaled in the data folder", () => {
  it('hands what a killed run had not finished to the next run, once, and nothing it had', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'sanad-bus-')), 'ticket-events.jsonl');
    const killed = new LocalTicketEventBus(journal);
    const live: string[] = [];
    killed.subscribe((published) => live.push(published.ticketId));
    // The search index finishes the first change; the process dies while the second and third are under way.
    let calls = 0;
    killed.consume(async () => {
      calls += 1;
      if (calls > 1) await new Promise(() => {});
    });
    for (const id of ['000001', '000002', '000003']) await killed.publish(change(id));
    await settle();
    expect(live).toEqual(['000001', '000002', '000003']);
    // A kill in the middle of a line leaves half of it.
    appendFileSync(journal, '{"s":4,"c":{"kind":"crea');

    const restarted = new LocalTicketEventBus(journal);
    const indexed: string[] = [];
    const liveAgain: string[] = [];
    restarted.subscribe((published) => liveAgain.push(published.ticketId));
    restarted.consume(async (handed) => void indexed.push(handed.ticketId));
    // What this run publishes before its consumers are all in place is theirs as usual.
    await restarted.publish(change('000004'));
    expect(restarted.recover()).toBe(2);
    await settle();
    expect(indexed.sort()).toEqual(['000002', '000003', '000004']);
    // The live inbox is told of changes as they happen, not of the last run's again.
    expect(liveAgain).toEqual(['000004']);
    restarted.close();

    // A change published before any consumer is in place is only the live inbox's: nothing stays pending.
    const early = new LocalTicketEventBus(journal);
    await early.publish(change('000005'));
    early.close();

    const third = new LocalTicketEventBus(journal);
    third.consume(async () => {});
    expect(third.recover()).toBe(0);
    third.close();
    expect(readFileSync(journal, 'utf8')).toBe('');
  });
});
