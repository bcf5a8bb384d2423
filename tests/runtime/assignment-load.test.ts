import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const loadOf = (agentId: string) => runtime.deps.store.activeTicketCount(agentId);

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
