import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestRuntime } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'sanad-outbox-'));
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the local runtime after a crash', () => {
  it('sends at start what the last run recorded in the outbox but never finished, without waiting out its lease', async () => {
    const first = await startTestRuntime({ dataDir });
    const form = anApplication({ phone: '0551237700' });
    const response = await fetch(`${first.url}/public/support-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(form),
    });
    expect(response.status).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    const ticket = await first.deps.store.findTicketByReference(reference);
    if (!ticket) throw new Error('no ticket');
    // What a run that died while sending a case notice leaves behind: the intent, held by its dead attempt.
    const id = `${ticket.id}#case#crashed`;
    await first.deps.outbox.record({
      id,
      ticketId: ticket.id,
      kind: 'case_notice',
      address: { channel: 'sms', to: '+966551237700' },
      text: 'طلبكم قيد الدراسة',
      createdAt: new Date().toISOString(),
    });
    const now = new Date();
    expect(await first.deps.outbox.claimAttempt(id, now, new Date(now.getTime() + 60_000))).toBeDefined();
    await first.deps.outbox.markSending(id, now.toISOString());
    await first.close();

    const second = await startTestRuntime({ dataDir });
    try {
      const texts = second.outbox
        .list('sms')
        .filter((entry) => entry.to === '+966551237700')
        .map((entry) => String(JSON.parse(entry.payload).text));
      expect(texts).toEqual(['طلبكم قيد الدراسة']);
      expect(await second.deps.outbox.pending(10)).toEqual([]);
      // At once, not after the dead attempt's lease; and it may be a second copy, which the ticket says.
      const events = (await second.deps.store.getTicketWithThread(ticket.id))?.events ?? [];
      expect(events.map((event) => event.type)).toContain('automatic_message_resent');
    } finally {
      await second.close();
    }
  });
});
