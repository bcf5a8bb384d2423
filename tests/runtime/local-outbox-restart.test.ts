import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../shared/api/local-outbox.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let dataDir = '';
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("npm start's outbox after a restart", () => {
  it('still lists what was sent before, to the staff who see its ticket', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sanad-outbox-'));
    const first = await startTestRuntime({ dataDir });
    const { status, body } = await postJson(`${first.url}/public/contact`, {
      name: 'أم فهد',
      phone: '0551112233',
      email: 'um.fahad@example.sa',
      subject: 'استفسار عن الدعم',
      message: 'متى يصرف الدعم؟',
    });
    expect(status).toBe(201);
    const agent = await signIn(first, 'agent@sanad.local');
    const reply = await postJson(
      `${first.url}/api/tickets/${body.ticketId}/messages`,
      { kind: 'reply', text: 'يصرف الدعم في الأسبوع الأول من الشهر.' },
      { authorization: `Bearer ${agent}` },
    );
    expect(reply.status).toBe(201);
    await first.settled();
    const sent = first.outbox.list().filter((entry) => entry.ticketReference === body.reference);
    expect(sent.length).toBeGreaterThan(0);
    await first.close();
    // The list names each message's file rather than holding its payload a second time.
    const list = await readFile(join(dataDir, 'outbox', 'sent.jsonl'), 'utf8');
    expect(list).toContain(sent[0]?.id);
    expect(list).not.toContain(sent[0]?.payload.slice(0, 40));
    // A crash in the middle of a line leaves it cut short: the lines before it are read back.
    await appendFile(join(dataDir, 'outbox', 'sent.jsonl'), '{"id":"01CUT');

    const again = await startTestRuntime({ dataDir });
    try {
      const token = await signIn(again, 'agent@sanad.local');
      const listed = await getJson(`${again.url}/local/outbox`, token);
      expect(listed.status).toBe(200);
      const entries = listed.body.entries as OutboxEntry[];
      expect(entries.filter((entry) => entry.ticketReference === body.reference)).toEqual(sent);
      expect(entries.some((entry) => entry.id === '01CUT')).toBe(false);
    } finally {
      await again.close();
    }
  });
});
