import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('merging and splitting contacts', () => {
  it('merges an email-only record into the SMS one: identities, tickets and an audited event on each ticket', async () => {
    const byMail = await postJson(`${runtime.url}/public/contact`, {
      name: 'أم فيصل',
      email: 'umfaisal@example.sa',
      subject: 'استفسار',
      message: 'أرسلت من بريدي',
    });
    const bySms = await postJson(`${runtime.url}/public/contact`, {
      name: 'أم فيصل',
      phone: '0553334444',
      subject: 'استفسار',
      message: 'وأرسلت من جوالي',
    });
    const mailTicket = await runtime.deps.store.getTicket(byMail.body.ticketId as string);
    const smsTicket = await runtime.deps.store.getTicket(bySms.body.ticketId as string);
    const agent = await signIn(runtime, 'agent@sanad.local');
    const manager = await signIn(runtime, 'manager@sanad.local');

    const refused = await postJson(
      `${runtime.url}/api/contacts/${smsTicket?.contactId}/merge`,
      { sourceContactId: mailTicket?.contactId },
      auth(manager),
    );
    expect(refused.status).toBe(403);

    const merged = await postJson(
      `${runtime.url}/api/contacts/${smsTicket?.contactId}/merge`,
      { sourceContactId: mailTicket?.contactId },
      auth(agent),
    );
    expect(merged.status).toBe(200);
    expect(merged.body.identities).toEqual([
      expect.objectContaining({ kind: 'phone', value: '+966553334444' }),
      expect.objectContaining({ kind: 'email', value: 'umfaisal@example.sa' }),
    ]);
    const moved = await runtime.deps.store.getTicketWithThread(mailTicket?.id as string);
    expect(moved?.ticket.contactId).toBe(smsTicket?.contactId);
    expect(moved?.events.find((event) => event.type === 'contact_merged')).toMatchObject({
      actorId: 'u-agent',
      data: { from: mailTicket?.contactId, into: smsTicket?.contactId },
    });
    // The next email from that address is recognised as the merged beneficiary.
    const lookup = await runtime.deps.store.lookupInbound('email', 'x', [
      { kind: 'email', value: 'umfaisal@example.sa' },
    ]);
    expect(lookup.contactIdsByIdentity.get('email#umfaisal@example.sa')).toBe(smsTicket?.contactId);
    const again = await postJson(
      `${runtime.url}/api/contacts/${smsTicket?.contactId}/merge`,
      { sourceContactId: mailTicket?.contactId },
      auth(agent),
    );
    // The merged-away record has no ticket left to see it through: hidden from an agent, a conflict to a supervisor.
    expect(again.status).toBe(404);
    const supervisor = await signIn(runtime, 'supervisor@sanad.local');
    const bySupervisor = await postJson(
      `${runtime.url}/api/contacts/${smsTicket?.contactId}/merge`,
      { sourceContactId: mailTicket?.contactId },
      auth(supervisor),
    );
    expect(bySupervisor.status).toBe(409);

    const split = await postJson(
      `${runtime.url}/api/contacts/${smsTicket?.contactId}/split`,
      { identity: { kind: 'email', value: 'umfaisal@example.sa' }, name: 'ابنة أم فيصل' },
      auth(agent),
    );
    expect(split.status).toBe(201);
    const afterSplit = await runtime.deps.store.lookupInbound('email', 'y', [
      { kind: 'email', value: 'umfaisal@example.sa' },
    ]);
    expect(afterSplit.contactIdsByIdentity.get('email#umfaisal@example.sa')).toBe(split.body.id);
    expect((await runtime.deps.store.getContact(smsTicket?.contactId as string))?.identities).toEqual([
      expect.objectContaining({ kind: 'phone', value: '+966553334444' }),
    ]);
  });

  it('refuses merging a contact into itself, an unknown contact, or splitting off the last identity', async () => {
    const created = await postJson(`${runtime.url}/public/contact`, {
      name: 'سعد',
      phone: '0553335555',
      subject: 'استفسار',
      message: 'نص',
    });
    const ticket = await runtime.deps.store.getTicket(created.body.ticketId as string);
    const agent = await signIn(runtime, 'agent@sanad.local');
    const url = `${runtime.url}/api/contacts/${ticket?.contactId}`;
    expect((await postJson(`${url}/merge`, { sourceContactId: ticket?.contactId }, auth(agent))).status).toBe(
      400,
    );
    expect((await postJson(`${url}/merge`, { sourceContactId: 'nobody' }, auth(agent))).status).toBe(404);
    const last = await postJson(
      `${url}/split`,
      { identity: { kind: 'phone', value: '+966553335555' }, name: 'x' },
      auth(agent),
    );
    expect(last.status).toBe(409);
  });

  it('merges a pair once when two supervisors merge it in opposite directions at the same moment', async () => {
    const supervisor = await signIn(runtime, 'supervisor@sanad.local');
    const contactOf = async (phone: string) => {
      const created = await postJson(`${runtime.url}/public/contact`, {
        name: 'أم ناصر',
        phone,
        subject: 'استفسار',
        message: `من ${phone}`,
      });
      return (await runtime.deps.store.getTicket(created.body.ticketId as string))?.contactId as string;
    };
    for (let pair = 0; pair < 5; pair += 1) {
      const [a, b] = await Promise.all([contactOf(`05533360${pair}1`), contactOf(`05533360${pair}2`)]);
      const merge = (target: string, source: string) =>
        postJson(
          `${runtime.url}/api/contacts/${target}/merge`,
          { sourceContactId: source },
          auth(supervisor),
        );
      const answers = await Promise.all([merge(a, b), merge(b, a)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const [first, second] = await Promise.all([a, b].map((id) => runtime.deps.store.getContact(id)));
      // One is kept, the other points at it: never both merged away.
      expect([first?.mergedInto, second?.mergedInto].filter(Boolean)).toHaveLength(1);
      const kept = first?.mergedInto ? b : a;
      const gone = kept === a ? b : a;
      // Nothing may be merged into the one merged away.
      expect((await merge(gone, kept)).status).toBe(409);
    }
  });
});
