import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../../support/runtime.ts';
import { anApplication } from '../../support/support-request.ts';

let runtime: LocalRuntime;
let agent: string;
let supervisor: string;
beforeAll(async () => {
  runtime = await startTestRuntime();
  agent = await signIn(runtime, 'agent@sanad.local');
  supervisor = await signIn(runtime, 'supervisor@sanad.local');
});
afterAll(async () => {
  await runtime.close();
});

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
  const logged = await postJson(`${runtime.url}/api/tickets`, walkIn(phone, 'طلب دعم'), auth(supervisor));
  const ticketId = logged.body.ticketId as string;
  await runtime.deps.store.updateTicket(ticketId, (ticket) => ({ ...ticket, queueId: 'research-committee' }));
  return { ticketId, contactId: logged.body.contactId as string };
}

describe('staff reaching a beneficiary whose tickets are outside their queues', () => {
  it('logging a contact with the phone of a beneficiary hidden from the agent opens a contact of its own', async () => {
    const hidden = await hiddenTicketOf('0557770001');
    const logged = await postJson(
      `${runtime.url}/api/tickets`,
      { ...walkIn('0557770001', 'أين طلبي؟'), nationalId: '1000000057', type: 'volunteering' },
      auth(agent),
    );
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ outcome: 'created' });
    // Not on the beneficiary's contact: the agent's new ticket reveals nothing of them and reaches none of theirs.
    expect(logged.body.contactId).not.toBe(hidden.contactId);
    expect((await getJson(`${runtime.url}/api/contacts/${hidden.contactId}`, agent)).status).toBe(404);
    const mine = await getJson(`${runtime.url}/api/contacts/${logged.body.contactId}`, agent);
    expect(mine.body.contact).not.toHaveProperty('possibleDuplicateOf');
    const thread = await runtime.deps.store.getTicketWithThread(hidden.ticketId);
    expect(thread?.messages.map((message) => message.text)).not.toContain('أين طلبي؟');
    // A supervisor sees both, and the suggestion to merge them.
    const asSupervisor = await getJson(`${runtime.url}/api/contacts/${logged.body.contactId}`, supervisor);
    expect(asSupervisor.body.contact).toMatchObject({ possibleDuplicateOf: [hidden.contactId] });
  });

  it('a walk-in application with the phone of a beneficiary hidden from the agent moves none of their messages', async () => {
    const application = anApplication({ phone: '0557770006' });
    const theirs = await postJson(`${runtime.url}/api/support-requests`, application, {
      ...auth(supervisor),
      'idempotency-key': 'their-application',
    });
    const theirCase = await runtime.deps.store.findTicketByReference(theirs.body.reference as string);
    if (!theirCase) throw new Error('No case');
    await runtime.deps.store.updateTicket(theirCase.id, (ticket) => ({
      ...ticket,
      queueId: 'research-committee',
    }));

    const forged = await postJson(
      `${runtime.url}/api/support-requests`,
      anApplication({ phone: '0557770006', name: 'اسم آخر', nationalId: '1000000016' }),
      { ...auth(agent), 'idempotency-key': 'forged-application' },
    );
    expect(forged.status).toBe(201);
    const forgedCase = await runtime.deps.store.findTicketByReference(forged.body.reference as string);
    expect(forgedCase?.contactId).not.toBe(theirCase.contactId);
    expect((await runtime.deps.store.getContact(theirCase.contactId))?.openCaseTicketId).toBe(theirCase.id);
    expect((await getJson(`${runtime.url}/api/contacts/${theirCase.contactId}`, agent)).status).toBe(404);

    // Their next SMS still reaches their own case.
    const sms = await postJson(`${runtime.url}/local/sms`, {
      originationNumber: '+966557770006',
      destinationNumber: '+966112345678',
      messageBody: 'متى يصدر القرار؟',
      inboundMessageId: 'hidden-applicant-sms-1',
    });
    expect(sms.status).toBeLessThan(300);
    const thread = await runtime.deps.store.getTicketWithThread(theirCase.id);
    expect(thread?.messages.map((message) => message.text)).toContain('متى يصدر القرار؟');
  });

  it('may not merge or edit a contact with a ticket it cannot see; a supervisor may', async () => {
    const hidden = await hiddenTicketOf('0557770002');
    // The same beneficiary also wrote through the web form: a ticket the agent sees, on the same contact.
    await runtime.deps.store.updateTicket(hidden.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));
    const visible = await postJson(
      `${runtime.url}/api/tickets`,
      walkIn('0557770002', 'استفسار'),
      auth(supervisor),
    );
    expect(visible.body.contactId).toBe(hidden.contactId);
    const mine = await postJson(`${runtime.url}/api/tickets`, walkIn('0557770003', 'أنا'), auth(agent));

    const merge = (token: string) =>
      postJson(
        `${runtime.url}/api/contacts/${mine.body.contactId}/merge`,
        { sourceContactId: hidden.contactId },
        auth(token),
      );
    expect((await merge(agent)).status).toBe(403);
    expect((await runtime.deps.store.getTicket(hidden.ticketId))?.contactId).toBe(hidden.contactId);
    expect((await merge(supervisor)).status).toBe(200);
  });

  it('lists in the local outbox only what was sent about tickets the caller sees', async () => {
    const hidden = await hiddenTicketOf('0557770005');
    const reply = await postJson(
      `${runtime.url}/api/tickets/${hidden.ticketId}/messages`,
      { kind: 'reply', text: 'رمز التحقق 482913' },
      auth(supervisor),
    );
    expect(reply.status).toBe(201);
    const sentTo = async (token: string) =>
      (
        (await getJson(`${runtime.url}/local/outbox?channel=sms`, token)).body.entries as { to: string }[]
      ).filter((entry) => entry.to === '+966557770005');
    expect(await sentTo(supervisor)).toHaveLength(1);
    expect(await sentTo(agent)).toEqual([]);
  });

  it('does not name an open case the caller cannot see on the contact panel', async () => {
    const hidden = await hiddenTicketOf('0557770004');
    await runtime.deps.store.updateTicket(hidden.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));
    await postJson(`${runtime.url}/api/tickets`, walkIn('0557770004', 'استفسار'), auth(supervisor));
    const contact = await runtime.deps.store.getContact(hidden.contactId);
    if (!contact) throw new Error('No contact');
    await runtime.deps.store.putContact({ ...contact, openCaseTicketId: hidden.ticketId });

    const asAgent = await getJson(`${runtime.url}/api/contacts/${hidden.contactId}`, agent);
    expect(asAgent.status).toBe(200);
    expect(asAgent.body.contact).not.toHaveProperty('openCaseTicketId');
    expect((asAgent.body.tickets as { id: string }[]).map((ticket) => ticket.id)).not.toContain(
      hidden.ticketId,
    );
    const asSupervisor = await getJson(`${runtime.url}/api/contacts/${hidden.contactId}`, supervisor);
    expect(asSupervisor.body.contact).toMatchObject({ openCaseTicketId: hidden.ticketId });
  });
});
