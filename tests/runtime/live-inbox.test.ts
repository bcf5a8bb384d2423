import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { LiveMessage } from '../../shared/domain/live-inbox.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

/** A connected inbox that records every message it is pushed. */
async function connect(email: string) {
  const token = await signIn(runtime, email);
  const socket = new WebSocket(`${runtime.url.replace('http', 'ws')}/ws?token=${token}`);
  const received: LiveMessage[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as LiveMessage));
  await new Promise<void>((resolve) => socket.on('message', () => resolve()));
  return { socket, received };
}

/**
 * Published after what a test checks was not pushed: each socket gets its messages in order, so once the socket
 * has this one, anything published before it would have arrived.
 */
async function barrier(inbox: { received: LiveMessage[] }, queueId: string) {
  const ticketId = `barrier-${queueId}`;
  await runtime.bus.publish({ kind: 'updated', ticketId, reference: '', queueId, at: '' });
  await expect
    .poll(() =>
      inbox.received.some(
        (message) => message.type === 'ticketChanged' && message.change.ticketId === ticketId,
      ),
    )
    .toBe(true);
}

describe('the live inbox WebSocket', () => {
  it('pushes a new ticket to staff of its queue and not to staff of other queues', async () => {
    const agent = await connect('agent@sanad.local');
    const researcher = await connect('researcher@sanad.local');
    const { body } = await postJson(`${runtime.url}/public/contact`, {
      name: 'أبو سعد',
      phone: '0552220001',
      subject: 'استفسار',
      message: 'متى يفتح باب التسجيل؟',
    });
    await expect
      .poll(() => agent.received)
      .toContainEqual({
        type: 'ticketChanged',
        change: expect.objectContaining({ kind: 'created', ticketId: body.ticketId }),
      });
    await barrier(researcher, 'social-research');
    const pushedToResearcher = researcher.received.flatMap((message) =>
      message.type === 'ticketChanged' ? [message.change.ticketId] : [],
    );
    expect(pushedToResearcher).toEqual(['barrier-social-research']);
    agent.socket.close();
    researcher.socket.close();
  });

  it('applies access an admin changes after a member connected: a disabled one is closed and pushed nothing', async () => {
    const inbox = await connect('agent2@sanad.local');
    const closed = new Promise<number>((resolve) => inbox.socket.on('close', (code) => resolve(code)));
    const member = await runtime.deps.store.getStaffUser('u-agent2');
    if (!member) throw new Error('No demo agent2');
    try {
      await runtime.deps.store.putStaffUser({ ...member, disabled: true });
      await runtime.bus.publish({
        kind: 'updated',
        ticketId: 'after-disable',
        reference: '',
        queueId: 'beneficiary-relations',
        at: '',
      });
      expect(await closed).toBe(4403);
      expect(inbox.received.some((message) => message.type === 'ticketChanged')).toBe(false);
    } finally {
      await runtime.deps.store.putStaffUser(member);
    }
  });

  it('tells the other staff of the queue who is replying on a ticket, never the sender itself', async () => {
    const { body } = await postJson(`${runtime.url}/public/contact`, {
      name: 'أم خالد',
      phone: '0552220002',
      subject: 'طلب',
      message: 'نص الطلب',
    });
    const first = await connect('agent@sanad.local');
    const second = await connect('agent2@sanad.local');
    first.socket.send(JSON.stringify({ type: 'presence', ticketId: body.ticketId, activity: 'replying' }));
    await expect
      .poll(() => second.received)
      .toContainEqual({
        type: 'presence',
        ticketId: body.ticketId,
        activity: 'replying',
        userId: 'u-agent',
        name: 'نورة القحطاني',
      });
    await barrier(first, 'beneficiary-relations');
    expect(first.received.some((message) => message.type === 'presence')).toBe(false);
    first.socket.close();
    second.socket.close();
  });

  it('closes a connection whose token is not valid', async () => {
    const socket = new WebSocket(`${runtime.url.replace('http', 'ws')}/ws?token=forged`);
    const code = await new Promise<number>((resolve) =>
      socket.on('close', (closeCode) => resolve(closeCode)),
    );
    expect(code).toBe(4401);
  });
});
