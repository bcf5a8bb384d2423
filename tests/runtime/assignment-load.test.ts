import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
let phone = 0;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

/** A new web-form contact, once the table's change consumers have counted everything before it. */
async function newContact(): Promise<{ id: string; assigneeId?: string }> {
  await runtime.settled();
  phone += 1;
  const { status, body } = await postJson(`${runtime.url}/public/contact`, {
    name: 'أم خالد',
    phone: `0557${String(phone).padStart(6, '0')}`,
    subject: 'استفسار',
    message: 'متى موعد الصرف؟',
  });
  expect(status).toBe(201);
  const ticket = await runtime.deps.store.getTicket(body.ticketId as string);
  return { id: body.ticketId as string, assigneeId: ticket?.assigneeId };
}

const loadOf = (agentId: string) => runtime.deps.store.directory.activeTicketCount(agentId);

describe('least-loaded assignment on a kept count of active tickets', () => {
  it('gives each new ticket to the member with fewest active tickets, counting resolutions and reassignments', async () => {
    const first = await newContact();
    const second = await newContact();
    const agents = [first.assigneeId, second.assigneeId];
    expect(new Set(agents).size).toBe(2);
    await runtime.settled();
    const [a, b] = agents as [string, string];
    const [loadA, loadB] = [await loadOf(a), await loadOf(b)];
    expect(loadA).toBeGreaterThan(0);
    expect(loadB).toBe(loadA);

    // A resolution frees a place: the next ticket goes to the one who resolved.
    await runtime.deps.store.updateTicket(first.id, (ticket) => ({ ...ticket, status: 'resolved' }));
    await runtime.settled();
    expect(await loadOf(a)).toBe(loadA - 1);
    expect((await newContact()).assigneeId).toBe(a);

    // A reassignment moves the count from one member to the other.
    await runtime.deps.store.updateTicket(second.id, (ticket) => ({ ...ticket, assigneeId: a }));
    await runtime.settled();
    expect(await loadOf(a)).toBe(loadA + 1);
    expect(await loadOf(b)).toBe(loadB - 1);
  });
});

describe('a data folder from before the count was kept', () => {
  it("counts each agent's active tickets from their history at start", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sanad-loads-'));
    try {
      const first = await startTestRuntime({ dataDir });
      await first.settled();
      const before = await first.deps.store.directory.activeTicketCount('u-agent');
      // As an older version left it: tickets assigned, no count kept for them.
      const { body } = await postJson(`${first.url}/public/contact`, {
        name: 'أم فهد',
        phone: '0557990001',
        subject: 'استفسار',
        message: 'متى موعد الصرف؟',
      });
      const ticketId = body.ticketId as string;
      await first.deps.store.updateTicket(ticketId, (ticket) => ({ ...ticket, assigneeId: 'u-agent' }));
      await first.settled();
      const raw = createDocumentClient({
        endpoint: first.dynamoEndpoint,
        region: 'me-south-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      await raw.send(
        new PutCommand({
          TableName: 'sanad',
          Item: { ...keys.agentLoad('u-agent'), agentId: 'u-agent', open: 0 },
        }),
      );
      await first.close();

      const again = await startTestRuntime({ dataDir });
      expect(await again.deps.store.directory.activeTicketCount('u-agent')).toBe(before + 1);
      await again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
