import { describe, expect, it } from 'vitest';
import { auth, useInboxRuntime } from '../support/inbox-runtime.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';

const inbox = useInboxRuntime();

describe('GET /api/tickets?q= (search)', () => {
  it('finds a ticket by its reference, in any case', async () => {
    const { ticketId, reference } = await inbox.webForm('0551110001');
    const { status, body } = await getJson(
      `${inbox.runtime.url}/api/tickets?q=${reference.toLowerCase()}`,
      inbox.agent,
    );
    expect(status).toBe(200);
    expect((body.tickets as { id: string }[]).map((ticket) => ticket.id)).toEqual([ticketId]);
  });

  it('finds a contact’s tickets by phone written in a local form with Arabic-Indic digits', async () => {
    const { ticketId } = await inbox.webForm('0551110002');
    const { body } = await getJson(
      `${inbox.runtime.url}/api/tickets?q=${encodeURIComponent('٠٥٥١١١٠٠٠٢')}`,
      inbox.agent,
    );
    expect((body.tickets as { id: string }[]).map((ticket) => ticket.id)).toContain(ticketId);
  });

  it('finds by email, and hides tickets in queues the caller cannot see', async () => {
    const { ticketId } = await inbox.webForm('0551110003', 'Seeker@Example.org');
    await inbox.runtime.settled();
    const forAgent = await getJson(`${inbox.runtime.url}/api/tickets?q=seeker@example.org`, inbox.agent);
    expect((forAgent.body.tickets as { id: string }[]).map((ticket) => ticket.id)).toEqual([ticketId]);
    const forResearcher = await getJson(
      `${inbox.runtime.url}/api/tickets?q=seeker@example.org`,
      inbox.researcher,
    );
    expect(forResearcher.body.tickets).toEqual([]);
  });

  it('finds tickets by words of the name or subject, however the Arabic is spelt', async () => {
    const { body: created } = await postJson(`${inbox.runtime.url}/public/contact`, {
      name: 'هيفاء الصاعدي',
      phone: '0551110010',
      subject: 'طلب كرسي متحرك لوالدتي',
      message: 'والدتي مسنة وتحتاج كرسيًا متحركًا',
    });
    const search = async (term: string, token = inbox.agent) => {
      const { body } = await getJson(`${inbox.runtime.url}/api/tickets?q=${encodeURIComponent(term)}`, token);
      return (body.tickets as { id: string }[]).map((ticket) => ticket.id);
    };
    await inbox.runtime.settled();
    expect(await search('كرسي متحرك')).toEqual([created.ticketId]);
    expect(await search('صاعدى هيفاء')).toEqual([created.ticketId]);
    expect(await search('كرسي طائر')).toEqual([]);
    expect(await search('كرسي متحرك', inbox.researcher)).toEqual([]);
  });

  it('finds a web-form ticket by the national id written on the form', async () => {
    const { body: created } = await postJson(`${inbox.runtime.url}/public/contact`, {
      name: 'مشاعل العنزي',
      phone: '0551110013',
      nationalId: '1000000008',
      subject: 'تحديث بيانات',
      message: 'أرجو تحديث بياناتي',
    });
    await expect
      .poll(async () => {
        const { body } = await getJson(
          `${inbox.runtime.url}/api/tickets?q=${encodeURIComponent('١٠٠٠٠٠٠٠٠٨')}`,
          inbox.agent,
        );
        return (body.tickets as { id: string }[]).map((ticket) => ticket.id);
      })
      .toEqual([created.ticketId]);
  });

  it('refuses a one-character search term', async () => {
    const { status } = await getJson(`${inbox.runtime.url}/api/tickets?q=a`, inbox.agent);
    expect(status).toBe(400);
  });
});

describe('GET /api/tickets?view=mine', () => {
  it('lists only the tickets assigned to the caller', async () => {
    const mine = await inbox.webForm('0551110004');
    await inbox.webForm('0551110005');
    // Unassigned, so the agent may take it (a colleague's ticket is a supervisor's to move).
    await inbox.runtime.deps.store.updateTicket(mine.ticketId as string, (ticket) => ({
      ...ticket,
      assigneeId: undefined,
    }));
    const taken = await fetch(`${inbox.runtime.url}/api/tickets/${mine.ticketId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...auth(inbox.agent) },
      body: JSON.stringify({ assigneeId: 'u-agent' }),
    });
    expect(taken.status).toBe(200);
    const { body } = await getJson(`${inbox.runtime.url}/api/tickets?view=mine&limit=50`, inbox.agent);
    const tickets = body.tickets as { id: string; assigneeId: string }[];
    expect(tickets.map((ticket) => ticket.id)).toContain(mine.ticketId);
    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets.every((ticket) => ticket.assigneeId === 'u-agent')).toBe(true);
  });

  it('refuses a cursor it did not hand out', async () => {
    const { status } = await getJson(
      `${inbox.runtime.url}/api/tickets?view=mine&cursor=bm90LWEta2V5`,
      inbox.agent,
    );
    expect(status).toBe(400);
  });
});

describe('GET /api/tickets narrowed by the server', () => {
  it('lists by branch, channel, type and unassigned, and refuses an unknown branch', async () => {
    const north = await postJson(
      `${inbox.runtime.url}/public/support-requests`,
      anApplication({ branch: 'north', description: 'أحتاج دعماً لمشروع طبخ منزلي في حائل' }),
    );
    const south = await postJson(
      `${inbox.runtime.url}/public/support-requests`,
      anApplication({ branch: 'south', description: 'أحتاج دعماً لمشروع تطريز في أبها' }),
    );
    expect([north.status, south.status]).toEqual([201, 201]);
    const list = async (query: string) => {
      const { status, body } = await getJson(`${inbox.runtime.url}/api/tickets?${query}`, inbox.manager);
      expect(status).toBe(200);
      return body.tickets as { id: string; reference: string; branch?: string; assigneeId?: string }[];
    };
    const inNorth = await list('branch=north&limit=100');
    expect(inNorth.map((ticket) => ticket.reference)).toContain(north.body.reference);
    expect(inNorth.length).toBeGreaterThan(0);
    expect(inNorth.every((ticket) => ticket.branch === 'north')).toBe(true);
    const supportOnWeb = await list('type=support_request&channel=webform&limit=100');
    expect(supportOnWeb.map((ticket) => ticket.reference)).toEqual(
      expect.arrayContaining([north.body.reference, south.body.reference]),
    );
    // Applications are assigned as they arrive: one is given back so the unassigned list has something to show.
    const northId = inNorth.find((ticket) => ticket.reference === north.body.reference)?.id ?? '';
    await inbox.runtime.deps.store.updateTicket(northId, (ticket) => ({
      ...ticket,
      assigneeId: undefined,
    }));
    const unassigned = await list('unassigned=true&limit=100');
    expect(unassigned.map((ticket) => ticket.reference)).toContain(north.body.reference);
    expect(unassigned.every((ticket) => !ticket.assigneeId)).toBe(true);
    expect((await getJson(`${inbox.runtime.url}/api/tickets?branch=atlantis`, inbox.manager)).status).toBe(
      400,
    );
  });
});
