import { describe, expect, it } from 'vitest';
import { getJson, postJson } from '../../support/runtime.ts';
import { useStaffRuntime } from '../../support/staff-runtime.ts';
import { anApplication } from '../../support/support-request.ts';

const t = useStaffRuntime(['agent', 'supervisor']);

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const walkIn = (phone: string, text: string) => ({
  channel: 'walk_in',
  idempotencyKey: `walk-in-${phone}-${crypto.randomUUID()}`,
  name: 'زائر',
  phone,
  text,
});

/** A beneficiary's ticket, logged by a supervisor, then moved to the research committee (no agent's queue). */
async function hiddenTicketOf(phone: string) {
  const logged = await postJson(
    `${t.runtime.url}/api/tickets`,
    walkIn(phone, 'طلب دعم'),
    auth(t.tokens.supervisor),
  );
  const ticketId = logged.body.ticketId as string;
  await t.runtime.deps.store.updateTicket(ticketId, (ticket) => ({
    ...ticket,
    queueId: 'research-committee',
  }));
  return { ticketId, contactId: logged.body.contactId as string };
}

describe('staff reaching a beneficiary whose tickets are outside their queues', () => {
  it('logging a contact with the phone of a beneficiary hidden from the agent opens a contact of its own', async () => {
    const hidden = await hiddenTicketOf('0557770001');
    const logged = await postJson(
      `${t.runtime.url}/api/tickets`,
      { ...walkIn('0557770001', 'أين طلبي؟'), nationalId: '1000000057', type: 'volunteering' },
      auth(t.tokens.agent),
    );
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ outcome: 'created' });
    // Not on the beneficiary's contact: the agent's new ticket reveals nothing of them and reaches none of theirs.
    expect(logged.body.contactId).not.toBe(hidden.contactId);
    expect((await getJson(`${t.runtime.url}/api/contacts/${hidden.contactId}`, t.tokens.agent)).status).toBe(
      404,
    );
    const mine = await getJson(`${t.runtime.url}/api/contacts/${logged.body.contactId}`, t.tokens.agent);
    expect(mine.body.contact).not.toHaveProperty('possibleDuplicateOf');
    const thread = await t.runtime.deps.store.getTicketWithThread(hidden.ticketId);
    expect(thread?.messages.map((message) => message.text)).not.toContain('أين طلبي؟');
    // A supervisor sees both, and the suggestion to merge them.
    const asSupervisor = await getJson(
      `${t.runtime.url}/api/contacts/${logged.body.contactId}`,
      t.tokens.supervisor,
    );
    expect(asSupervisor.body.contact).toMatchObject({ possibleDuplicateOf: [hidden.contactId] });
  });

  it('a walk-in application with the phone of a beneficiary hidden from the agent moves none of their messages', async () => {
    const application = anApplication({ phone: '0557770006' });
    const theirs = await postJson(`${t.runtime.url}/api/support-requests`, application, {
      ...auth(t.tokens.supervisor),
      'idempotency-key': 'their-application',
    });
    const theirCase = await t.runtime.deps.store.findTicketByReference(theirs.body.reference as string);
    if (!theirCase) throw new Error('No case');
    await t.runtime.deps.store.updateTicket(theirCase.id, (ticket) => ({
      ...ticket,
      queueId: 'research-committee',
    }));

    const forged = await postJson(
      `${t.runtime.url}/api/support-requests`,
      anApplication({ phone: '0557770006', name: 'اسم آخر', nationalId: '1000000016' }),
      { ...auth(t.tokens.agent), 'idempotency-key': 'forged-application' },
    );
    expect(forged.status).toBe(201);
    const forgedCase = await t.runtime.deps.store.findTicketByReference(forged.body.reference as string);
    expect(forgedCase?.contactId).not.toBe(theirCase.contactId);
    expect((await t.runtime.deps.store.getContact(theirCase.contactId))?.openCaseTicketId).toBe(theirCase.id);
    expect(
      (await getJson(`${t.runtime.url}/api/contacts/${theirCase.contactId}`, t.tokens.agent)).status,
    ).toBe(404);

    // Their next SMS still reaches their own case.
    const sms = await postJson(`${t.runtime.url}/local/sms`, {
      originationNumber: '+966557770006',
      destinationNumber: '+966112345678',
      messageBody: 'متى يصدر القرار؟',
      inboundMessageId: 'hidden-applicant-sms-1',
    });
    expect(sms.status).toBeLessThan(300);
    const thread = await t.runtime.deps.store.getTicketWithThread(theirCase.id);
    expect(thread?.messages.map((message) => message.text)).toContain('متى يصدر القرار؟');
  });

  it('may not merge or edit a contact with a ticket it cannot see; a supervisor may', async () => {
    const hidden = await hiddenTicketOf('0557770002');
    // The same beneficiary also wrote through the web form: a ticket the agent sees, on the same contact.
    await t.runtime.deps.store.updateTicket(hidden.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));
    const visible = await postJson(
      `${t.runtime.url}/api/tickets`,
      walkIn('0557770002', 'استفسار'),
      auth(t.tokens.supervisor),
    );
    expect(visible.body.contactId).toBe(hidden.contactId);
    const mine = await postJson(
      `${t.runtime.url}/api/tickets`,
      walkIn('0557770003', 'أنا'),
      auth(t.tokens.agent),
    );

    const merge = (token: string) =>
      postJson(
        `${t.runtime.url}/api/contacts/${mine.body.contactId}/merge`,
        { sourceContactId: hidden.contactId },
        auth(token),
      );
    expect((await merge(t.tokens.agent)).status).toBe(403);
    expect((await t.runtime.deps.store.getTicket(hidden.ticketId))?.contactId).toBe(hidden.contactId);
    expect((await merge(t.tokens.supervisor)).status).toBe(200);
  });

  it('lists in the local outbox only what was sent about tickets the caller sees', async () => {
    const hidden = await hiddenTicketOf('0557770005');
    const reply = await postJson(
      `${t.runtime.url}/api/tickets/${hidden.ticketId}/messages`,
      { kind: 'reply', text: 'رمز التحقق 482913' },
      auth(t.tokens.supervisor),
    );
    expect(reply.status).toBe(201);
    const sentTo = async (token: string) =>
      (
        (await getJson(`${t.runtime.url}/local/outbox?channel=sms`, token)).body.entries as { to: string }[]
      ).filter((entry) => entry.to === '+966557770005');
    expect(await sentTo(t.tokens.supervisor)).toHaveLength(1);
    expect(await sentTo(t.tokens.agent)).toEqual([]);
  });

  it('does not name an open case the caller cannot see on the contact panel', async () => {
    const hidden = await hiddenTicketOf('0557770004');
    await t.runtime.deps.store.updateTicket(hidden.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));
    await postJson(
      `${t.runtime.url}/api/tickets`,
      walkIn('0557770004', 'استفسار'),
      auth(t.tokens.supervisor),
    );
    const contact = await t.runtime.deps.store.getContact(hidden.contactId);
    if (!contact) throw new Error('No contact');
    await t.runtime.deps.store.putContact({ ...contact, openCaseTicketId: hidden.ticketId });

    const asAgent = await getJson(`${t.runtime.url}/api/contacts/${hidden.contactId}`, t.tokens.agent);
    expect(asAgent.status).toBe(200);
    expect(asAgent.body.contact).not.toHaveProperty('openCaseTicketId');
    expect((asAgent.body.tickets as { id: string }[]).map((ticket) => ticket.id)).not.toContain(
      hidden.ticketId,
    );
    const asSupervisor = await getJson(
      `${t.runtime.url}/api/contacts/${hidden.contactId}`,
      t.tokens.supervisor,
    );
    expect(asSupervisor.body.contact).toMatchObject({ openCaseTicketId: hidden.ticketId });
  });
});
