import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/domain/staff.ts';
import type { OutboundMessage } from '../../shared/ports/outbound.ts';
import {
  type AutomaticDeps,
  drainOutbox,
  OUTBOX_LEASE_MS,
} from '../../shared/use-cases/automatic-messages.ts';
import type { IngestDeps } from '../../shared/use-cases/ingest-deps.ts';
import { type ReplyDeps, type ReplyRequest, replyToTicket } from '../../shared/use-cases/reply-to-ticket.ts';
import { addInternalNote } from '../../shared/use-cases/staff-tickets.ts';
import { Crash, crashingOnce } from '../support/crash.ts';
import { aPhoneTicket } from '../support/factories.ts';
import { outboxPorts, startTestStore, type TestStore } from '../support/store.ts';

const supervisor: Principal = {
  userId: 'u-supervisor',
  email: 'supervisor@sanad.local',
  name: 'المشرفة',
  roles: ['supervisor'],
  queueIds: [],
};

let t: TestStore;
let deps: ReplyDeps & AutomaticDeps & IngestDeps;
const sent: OutboundMessage[] = [];
/** While set, the provider takes the message and the process dies before it answers: the call never returns. */
let providerHangs = false;
let answerHung: (() => void) | undefined;

beforeAll(async () => {
  t = await startTestStore();
  t.setNow(new Date('2026-11-29T08:00:00Z'));
  const db = t.db;
  deps = {
    ...t.deps,
    store: t.store,
    ...outboxPorts(db),
    whatsappTemplates: { listWhatsAppTemplates: async () => [] },
    senders: {
      sms: {
        send(message) {
          sent.push(message);
          const providerMessageId = `sms-${sent.length}`;
          // Hung, the call answers only when the test lets it (never, for an attempt whose process died).
          if (providerHangs)
            return new Promise((resolve) => (answerHung = () => resolve({ providerMessageId })));
          return Promise.resolve({ providerMessageId });
        },
      },
    },
  };
});
afterAll(async () => {
  await t.dynamo.close();
});

const sendsTo = (phone: string) => sent.filter((message) => message.to === phone);
async function threadOf(ticketId: string) {
  const thread = await t.store.getTicketWithThread(ticketId);
  if (!thread) throw new Error('no ticket');
  return {
    ...thread,
    replies: thread.messages.filter((message) => message.direction === 'outbound'),
    eventTypes: thread.events.map((event) => event.type),
  };
}

/** After the crash the runtime restarts: the dead attempt's lease runs out, the drain runs (twice). */
async function restartAndDrain(): Promise<void> {
  t.later(OUTBOX_LEASE_MS + 1000);
  await drainOutbox(deps);
  await drainOutbox(deps);
}

const request = (key: string): ReplyRequest => ({ text: 'يصرف الدعم في بداية الشهر', idempotencyKey: key });

describe('a staff reply and a crash: on its ticket whenever it may have left, sent by the drain when it had not', () => {
  it.each([
    ['store.recordReply', 'before it is recorded', 0],
    ['store.markReplySending', 'after it is recorded, before it is sent', 1],
    ['store.keepReplyOutcome', 'after the provider took it, before its answer is kept', 2],
    ['store.finishReply', 'after its answer is kept, before the ticket and the outbox are', 1],
    ['events.publish', 'after it is finished', 1],
  ] as const)(
    "a crash at %s (%s) ends with %i send(s), and the member's retry sends nothing more",
    async (point, _when, expected) => {
      const { ticketId, phone } = await aPhoneTicket(deps);
      const [object, method] = point.split('.') as ['store' | 'events', string];
      const crashing = { ...deps, [object]: crashingOnce(deps[object], method) };
      const key = `crash-${point}`;
      await expect(replyToTicket(crashing, supervisor, ticketId, request(key))).rejects.toBeInstanceOf(Crash);
      if (expected > 0) {
        // Recorded before it could leave: the ticket shows it while it is pending.
        expect((await threadOf(ticketId)).replies).toHaveLength(1);
      }

      await restartAndDrain();
      expect(sendsTo(phone)).toHaveLength(expected);
      const drained = await threadOf(ticketId);
      expect(drained.replies).toHaveLength(expected === 0 ? 0 : 1);
      expect(drained.replies.map((message) => message.deliveryStatus)).toEqual(
        expected === 0 ? [] : ['sent'],
      );
      // A second send is said on the ticket; a send after a crash before the provider call is not one.
      expect(drained.eventTypes.includes('reply_resent')).toBe(expected === 2);
      if (expected > 0) {
        expect(drained.ticket).toMatchObject({
          status: 'open',
          firstResponseAt: drained.replies[0]?.createdAt,
          lastResponseBy: 'u-supervisor',
          messageCount: 2,
        });
      }
      expect(await deps.outbox.pending(100)).toEqual([]);

      // The member, who got no answer, sends it again with the same key.
      const retried = await replyToTicket(deps, supervisor, ticketId, request(key));
      expect(retried.repeated).toBe(expected > 0);
      expect(sendsTo(phone)).toHaveLength(Math.max(expected, 1));
      const after = await threadOf(ticketId);
      expect(after.replies.map((message) => message.id)).toEqual([retried.message.id]);
      expect(after.ticket.messageCount).toBe(2);
    },
  );

  it('a provider call the process died in (the provider took it) is sent again by the drain and said on the ticket', async () => {
    const { ticketId, phone } = await aPhoneTicket(deps);
    providerHangs = true;
    void replyToTicket(deps, supervisor, ticketId, request('hung-1'));
    await expect.poll(() => sendsTo(phone).length).toBe(1);
    providerHangs = false;
    expect((await threadOf(ticketId)).replies.map((message) => message.deliveryStatus)).toEqual(['pending']);

    await restartAndDrain();
    expect(sendsTo(phone)).toHaveLength(2);
    const thread = await threadOf(ticketId);
    expect(thread.replies.map((message) => message.deliveryStatus)).toEqual(['sent']);
    expect(thread.eventTypes).toContain('reply_resent');
  });

  it('an attempt answered after another took it over and finished leaves the reply as that one kept it', async () => {
    const { ticketId, phone } = await aPhoneTicket(deps);
    providerHangs = true;
    const slow = replyToTicket(deps, supervisor, ticketId, request('slow-1'));
    await expect.poll(() => sendsTo(phone).length).toBe(1);
    const answerSlow = answerHung;
    providerHangs = false;
    await restartAndDrain();
    const finished = (await threadOf(ticketId)).replies[0];
    expect(finished).toMatchObject({ deliveryStatus: 'sent', providerMessageId: `sms-${sent.length}` });

    // The slow call answers at last: its provider id would name a message no pointer leads to.
    answerSlow?.();
    await slow;
    const thread = await threadOf(ticketId);
    expect(thread.replies).toEqual([finished]);
    expect(sendsTo(phone)).toHaveLength(2);
  });

  it('a retry while the reply is pending is answered with it as it stands, and it is sent once, by the drain', async () => {
    const { ticketId, phone } = await aPhoneTicket(deps);
    const crashing = { ...deps, store: crashingOnce(deps.store, 'markReplySending') };
    await expect(replyToTicket(crashing, supervisor, ticketId, request('lease-1'))).rejects.toBeInstanceOf(
      Crash,
    );
    // Its attempt may still be alive until its lease runs out: the retry sends nothing.
    const early = await replyToTicket(deps, supervisor, ticketId, request('lease-1'));
    expect(early).toMatchObject({ repeated: true, message: { deliveryStatus: 'pending' } });
    // Before the lease has passed the drain leaves it to that attempt.
    await drainOutbox(deps);
    expect(sendsTo(phone)).toHaveLength(0);

    await restartAndDrain();
    const retried = await replyToTicket(deps, supervisor, ticketId, request('lease-1'));
    expect(retried).toMatchObject({
      repeated: true,
      message: { id: early.message.id, deliveryStatus: 'sent' },
    });
    expect(sendsTo(phone)).toHaveLength(1);
    expect((await threadOf(ticketId)).eventTypes).not.toContain('reply_resent');
  });

  it('a reply without a key that died after it was recorded is sent by the drain, once', async () => {
    const { ticketId, phone } = await aPhoneTicket(deps);
    const crashing = { ...deps, store: crashingOnce(deps.store, 'markReplySending') };
    await expect(replyToTicket(crashing, supervisor, ticketId, { text: 'أهلاً' })).rejects.toBeInstanceOf(
      Crash,
    );
    await restartAndDrain();
    expect(sendsTo(phone).map((message) => message.text)).toEqual(['أهلاً']);
    expect((await threadOf(ticketId)).replies.map((message) => message.deliveryStatus)).toEqual(['sent']);
  });
});

describe('a staff note sent with its key and a crash: one note after the retry, never two', () => {
  it.each([
    ['store.recordNote', 'before it is recorded', 0],
    ['events.publish', 'after it is recorded, before it is answered', 1],
  ] as const)(
    'a crash at %s (%s) leaves %i note(s), and the retry ends with one',
    async (point, _when, left) => {
      const { ticketId } = await aPhoneTicket(deps);
      const [object, method] = point.split('.') as ['store' | 'events', string];
      const crashing = { ...deps, [object]: crashingOnce(deps[object], method) };
      const notes = async () => (await threadOf(ticketId)).messages.filter((m) => m.direction === 'note');
      const text = 'اتصلت بالمستفيدة وستحضر المستندات';
      await expect(
        addInternalNote(crashing, supervisor, ticketId, text, `note-${point}`),
      ).rejects.toBeInstanceOf(Crash);
      expect(await notes()).toHaveLength(left);

      const retried = await addInternalNote(deps, supervisor, ticketId, text, `note-${point}`);
      expect(retried.repeated).toBe(left === 1);
      expect((await notes()).map((message) => message.id)).toEqual([retried.message.id]);
      expect((await threadOf(ticketId)).ticket.messageCount).toBe(2);
    },
  );
});
