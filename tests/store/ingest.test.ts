import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaAfterStaffReply } from '../../shared/sla/clocks.ts';
import { DEFAULT_CALENDAR } from '../../shared/sla/defaults.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { anInboundContact } from '../support/factories.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
beforeAll(async () => {
  t = await startTestStore();
});
afterAll(async () => {
  await t.dynamo.close();
});

describe('ingesting a contact (on dynalite)', () => {
  it('creates a contact, a ticket with a reference, its first message, and announces it', async () => {
    const inbound = anInboundContact({ subject: 'طلب دعم', text: 'أحتاج مساعدة في مشروعي' });
    const result = await ingestContact(t.deps, inbound);

    expect(result.outcome).toBe('created');
    expect(result.reference).toMatch(/^SND-\d{4}-\d{6}$/);
    const thread = await t.store.getTicketWithThread(result.ticketId);
    expect(thread?.ticket).toMatchObject({
      status: 'new',
      queueId: 'beneficiary-relations',
      channel: 'sms',
      subject: 'طلب دعم',
      contactName: 'أم خالد',
      messageCount: 1,
    });
    expect(thread?.messages.map((message) => message.text)).toEqual(['أحتاج مساعدة في مشروعي']);
    expect(thread?.events.map((event) => event.type)).toEqual(['created', 'routed']);
    expect(t.published).toContainEqual(
      expect.objectContaining({ kind: 'created', ticketId: result.ticketId }),
    );
    const contact = await t.store.getContact(result.contactId as string);
    expect(contact?.identities).toEqual(inbound.identities);
  });

  it('keeps direction controls out of the sender’s name and the subject, whichever channel brought them', async () => {
    const inbound = anInboundContact({
      channel: 'telegram',
      displayName: 'صورة \u202Egnp.exe\u202C',
      subject: '\u2067فاتورة\u2069 \u202Efdp.exe',
    });
    const result = await ingestContact(t.deps, inbound);

    const thread = await t.store.getTicketWithThread(result.ticketId);
    expect(thread?.ticket).toMatchObject({ contactName: 'صورة gnp.exe', subject: 'فاتورة fdp.exe' });
    expect(thread?.messages[0]).toMatchObject({ authorName: 'صورة gnp.exe', subject: 'فاتورة fdp.exe' });
    expect((await t.store.getContact(result.contactId as string))?.name).toBe('صورة gnp.exe');

    // A chat or an SMS gives no subject: the one taken from its text, and the preview, lose them too, and control
    // characters besides; the message itself is kept whole.
    const chat = await ingestContact(
      t.deps,
      anInboundContact({
        channel: 'whatsapp',
        subject: undefined,
        text: 'فاتورة \u202Efdp.exe\u202C رقم\u0000٣',
      }),
    );
    const chatThread = await t.store.getTicketWithThread(chat.ticketId);
    expect(chatThread?.ticket).toMatchObject({
      subject: 'فاتورة fdp.exe رقم٣',
      preview: 'فاتورة fdp.exe رقم٣',
    });
    expect(chatThread?.messages[0]?.text).toBe('فاتورة \u202Efdp.exe\u202C رقم\u0000٣');
    const typed = await ingestContact(
      t.deps,
      anInboundContact({ channel: 'email', subject: 'فاتورة\u0000\r\n  رقم\u0007 ٣' }),
    );
    expect((await t.store.getTicketWithThread(typed.ticketId))?.ticket.subject).toBe('فاتورة رقم ٣');

    // A name of nothing but invisible characters is no name: the contact is named by its number, as without one.
    const unnamed = await ingestContact(
      t.deps,
      anInboundContact({ channel: 'telegram', displayName: '\u200b\u200f\u202e' }),
    );
    expect((await t.store.getContact(unnamed.contactId ?? ''))?.name).toMatch(/^\+9665\d{8}$/);
  });

  it.each([
    ['opened a ticket', 'created', false],
    ['joined a ticket', 'message', true],
  ] as const)(
    'announces a delivery that %s by its redelivery when its announcement failed',
    async (_, kind, joins) => {
      const sender = anInboundContact();
      if (joins) await ingestContact(t.deps, sender);
      const inbound = anInboundContact({ identities: sender.identities, text: 'صورة الهوية مرفقة' });
      const unavailable = new Error('SNS unavailable');
      const failing = { ...t.deps, events: { publish: () => Promise.reject(unavailable) } };
      await expect(ingestContact(failing, inbound)).rejects.toBe(unavailable);

      const redelivered = await ingestContact(t.deps, inbound);
      expect(redelivered.outcome).toBe('duplicate');
      expect(t.published.filter((change) => change.messageIds?.includes(redelivered.messageId))).toEqual([
        expect.objectContaining({ kind, ticketId: redelivered.ticketId, reference: redelivered.reference }),
      ]);
    },
  );

  it('joins the ticket when its lookup saw the conversation but not yet the identity written with it', async () => {
    const first = anInboundContact({ channel: 'whatsapp' });
    // A batch read that straddled the first message's transaction: the pointer is there, the identity not yet.
    const created = await nextJoinsDespite({ lookups: 1 }, first, 'والصورة الثانية');
    const byIdentity = await t.store.lookupInbound('whatsapp', 'x', first.identities);
    expect([...byIdentity.contactIdsByIdentity.values()]).toEqual([created.contactId]);
  });

  it('joins the ticket when its reads saw the conversation and ticket but not yet the contact written with them', async () => {
    const first = anInboundContact({
      channel: 'telegram',
      identities: [{ kind: 'telegram', value: '7700112', assurance: 'verified' }],
    });
    // Read while the first message's transaction was being applied: no identity, no contact yet.
    await nextJoinsDespite({ lookups: 1, contacts: 1 }, first, 'والجزء الثاني');
  });

  it('opens a ticket of its own for an identity its conversation’s contact no longer holds, without waiting', async () => {
    const first = anInboundContact({ channel: 'whatsapp' });
    const created = await ingestContact(t.deps, first);
    const contact = await t.store.getContact(created.contactId);
    if (!contact) throw new Error('No contact');
    // Staff took the number off the contact (a wrong number): only the conversation still points at its ticket.
    await t.store.putContact({ ...contact, identities: [] });
    const { store, lookups } = partialReads({ lookups: Number.POSITIVE_INFINITY });
    const next = await ingestContact(
      { ...t.deps, store },
      anInboundContact({ channel: 'whatsapp', identities: first.identities }),
    );
    expect(next.outcome).toBe('created');
    expect(next.ticketId).not.toBe(created.ticketId);
    expect(lookups()).toBe(1);
  });

  it('threads a second message from the same sender onto the open ticket', async () => {
    const first = anInboundContact();
    const created = await ingestContact(t.deps, first);
    const followUp = await ingestContact(
      t.deps,
      anInboundContact({ identities: first.identities, text: 'هل من جديد؟' }),
    );

    expect(followUp.outcome).toBe('appended');
    expect(followUp.ticketId).toBe(created.ticketId);
    const thread = await t.store.getTicketWithThread(created.ticketId);
    expect(thread?.messages).toHaveLength(2);
    expect(thread?.ticket.messageCount).toBe(2);
    expect(thread?.ticket.preview).toBe('هل من جديد؟');
  });

  // One resolved within the week is reopened instead (tests/runtime/reopen-by-message.test.ts).
  it('opens a new ticket once the earlier one is closed', async () => {
    const first = anInboundContact();
    const created = await ingestContact(t.deps, first);
    await t.store.updateTicket(created.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    const next = await ingestContact(t.deps, anInboundContact({ identities: first.identities }));

    expect(next.outcome).toBe('created');
    expect(next.ticketId).not.toBe(created.ticketId);
    expect(next.contactId).toBe(created.contactId);
  });

  it('keeps one contact across channels when the phone matches, and learns their new addresses', async () => {
    const sms = anInboundContact({ channel: 'sms' });
    const fromSms = await ingestContact(t.deps, sms);
    const fromForm = await ingestContact(
      t.deps,
      anInboundContact({
        channel: 'webform',
        identities: [sms.identities[0] as never, { kind: 'email', value: 'family@example.sa' }],
      }),
    );

    expect(fromForm.contactId).toBe(fromSms.contactId);
    const byEmail = await t.store.lookupInbound('email', 'x', [
      { kind: 'email', value: 'family@example.sa' },
    ]);
    expect(byEmail.contactIdsByIdentity.get('email#family@example.sa')).toBe(fromSms.contactId);
  });

  it('makes exactly one message from the same delivery sent three times in a row', async () => {
    const inbound = anInboundContact();
    const results = [];
    for (let attempt = 0; attempt < 3; attempt++) results.push(await ingestContact(t.deps, inbound));

    expect(results.map((result) => result.outcome)).toEqual(['created', 'duplicate', 'duplicate']);
    expect(new Set(results.map((result) => result.ticketId)).size).toBe(1);
    const thread = await t.store.getTicketWithThread(results[0]?.ticketId as string);
    expect(thread?.messages).toHaveLength(1);
  });

  it('makes exactly one message from the same delivery sent three times at once', async () => {
    const inbound = anInboundContact();
    const results = await Promise.all([1, 2, 3].map(() => ingestContact(t.deps, inbound)));

    const written = results.filter((result) => result.outcome === 'created');
    expect(written).toHaveLength(1);
    const ticketId = written[0]?.ticketId as string;
    expect(results.map((result) => result.ticketId)).toEqual([ticketId, ticketId, ticketId]);
    const thread = await t.store.getTicketWithThread(ticketId);
    expect(thread?.messages).toHaveLength(1);
    const contactTickets = await t.store.listContactTickets(written[0]?.contactId as string);
    expect(contactTickets).toHaveLength(1);
  });

  it("threads by a quoted reference only for the ticket's own contact", async () => {
    const owner = anInboundContact({
      channel: 'email',
      identities: [{ kind: 'email', value: 'owner@example.sa' }],
    });
    const created = await ingestContact(t.deps, owner);
    const stranger = await ingestContact(
      t.deps,
      anInboundContact({
        channel: 'email',
        identities: [{ kind: 'email', value: 'stranger@example.sa' }],
        threading: { reference: created.reference },
      }),
    );
    expect(stranger.ticketId).not.toBe(created.ticketId);
  });
});

describe('ticket references', () => {
  it('are unique under concurrent allocation', async () => {
    const numbers = await Promise.all(Array.from({ length: 20 }, () => t.store.nextReferenceNumber(2031)));
    expect(new Set(numbers).size).toBe(20);
    expect(Math.max(...numbers)).toBe(20);
  });
});

describe('delivery reports', () => {
  it('move an outbound message forward and never back', async () => {
    const created = await ingestContact(t.deps, anInboundContact());
    const ticket = (await t.store.getTicket(created.ticketId)) as NonNullable<
      Awaited<ReturnType<typeof t.store.getTicket>>
    >;
    await t.store.addMessage(
      ticket,
      {
        id: '01OUTBOUND000000000000000A',
        ticketId: ticket.id,
        direction: 'outbound',
        channel: 'sms',
        authorId: 'u-agent',
        authorName: 'نورة',
        text: 'تم استلام طلبك',
        attachments: [],
        createdAt: new Date().toISOString(),
        providerMessageId: 'sns-123',
        deliveryStatus: 'sent',
      },
      [],
    );

    await t.store.updateDeliveryStatus('sms', 'sns-123', 'read');
    await t.store.updateDeliveryStatus('sms', 'sns-123', 'delivered');

    const thread = await t.store.getTicketWithThread(ticket.id);
    const reported = thread?.messages.find((message) => message.id === '01OUTBOUND000000000000000A');
    expect(reported?.deliveryStatus).toBe('read');
    // A receipt leaves no empty failure reason behind.
    expect(reported).not.toHaveProperty('failureReason');
    expect(await t.store.updateDeliveryStatus('sms', 'unknown', 'read')).toBeUndefined();
  });
});

describe('a follow-up written while staff change the ticket', () => {
  it('applies to the ticket as stored, keeping the other change (a reply that stopped the first-response clock)', async () => {
    const policy = {
      id: 'p',
      nameAr: 'س',
      nameEn: 'p',
      targets: { firstResponse: 60, nextResponse: 120, resolution: 600 },
      time: 'calendar' as const,
      warningShare: 0.8,
      onBreach: {},
    };
    const sla = { load: async () => ({ policies: [policy], calendar: DEFAULT_CALENDAR }) };
    const router = {
      route: async () => ({
        queueId: 'beneficiary-relations',
        priority: 'normal' as const,
        type: 'inquiry' as const,
        tags: [],
        slaPolicyId: 'p',
      }),
    };
    const first = anInboundContact();
    const created = await ingestContact({ ...t.deps, sla, router }, first);
    expect((await t.store.getTicket(created.ticketId))?.sla?.clocks.firstResponse).toBeDefined();

    // Staff answer between the follow-up's read of the ticket and its write.
    const store = Object.create(t.store) as typeof t.store;
    let tries = 0;
    store.appendToTicket = async (guard, intent, changed) => {
      tries += 1;
      if (tries === 1) {
        await t.store.updateTicket(created.ticketId, (ticket) => ({
          ...ticket,
          firstResponseAt: new Date().toISOString(),
          sla: ticket.sla && slaAfterStaffReply(ticket.sla, new Date()),
        }));
      }
      return t.store.appendToTicket(guard, intent, changed);
    };
    await ingestContact(
      { ...t.deps, store, sla, router },
      anInboundContact({ identities: first.identities }),
    );

    // The first write found the ticket changed since it was read, and the second applied to it as changed.
    expect(tries).toBe(2);
    const ticket = await t.store.getTicket(created.ticketId);
    expect(ticket?.firstResponseAt).toBeDefined();
    expect(ticket?.sla?.clocks.firstResponse).toBeUndefined();
    expect(ticket?.sla?.clocks.nextResponse).toBeDefined();
    expect(ticket?.messageCount).toBe(2);
  });
});

/**
 * Ingests `first`, then the sender's next message (`text`) through reads that miss what `first` wrote (`missed`,
 * as partialReads): the next message still joins the first's ticket and contact. Answers the first's result.
 */
async function nextJoinsDespite(
  missed: Parameters<typeof partialReads>[0],
  first: ReturnType<typeof anInboundContact>,
  text: string,
) {
  const created = await ingestContact(t.deps, first);
  const { store } = partialReads(missed);
  const next = await ingestContact(
    { ...t.deps, store },
    anInboundContact({ channel: first.channel, identities: first.identities, text }),
  );
  expect(next).toMatchObject({
    outcome: 'appended',
    ticketId: created.ticketId,
    contactId: created.contactId,
  });
  return created;
}

/**
 * The store as reads that straddle another delivery's transaction see it: the first `lookups` lookups find no
 * contact for any identity, and the first `contacts` contacts read are not there yet.
 */
function partialReads(partial: { lookups: number; contacts?: number }) {
  let lookups = 0;
  let contacts = 0;
  const store = new Proxy(t.store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (name === 'lookupInbound')
        return async (...args: Parameters<typeof target.lookupInbound>) => {
          const lookup = await target.lookupInbound(...args);
          lookups += 1;
          return lookups <= partial.lookups ? { ...lookup, contactIdsByIdentity: new Map() } : lookup;
        };
      if (name === 'getContact')
        return async (contactId: string) => {
          contacts += 1;
          return contacts <= (partial.contacts ?? 0) ? undefined : target.getContact(contactId);
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, lookups: () => lookups };
}
