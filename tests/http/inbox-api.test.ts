import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';

let runtime: LocalRuntime;
let agent: string;
let researcher: string;
let manager: string;
beforeAll(async () => {
  runtime = await startTestRuntime();
  [agent, researcher, manager] = await Promise.all([
    signIn(runtime, 'agent@sanad.local'),
    signIn(runtime, 'researcher@sanad.local'),
    signIn(runtime, 'manager@sanad.local'),
  ]);
});
afterAll(async () => {
  await runtime.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function webForm(phone: string, email?: string) {
  const { body } = await postJson(`${runtime.url}/public/contact`, {
    name: 'أم عبدالله',
    phone,
    email,
    subject: 'استفسار عن الدعم',
    message: 'أرغب في معرفة شروط الدعم',
  });
  return body as { ticketId: string; reference: string };
}

describe('GET /api/tickets?q= (search)', () => {
  it('finds a ticket by its reference, in any case', async () => {
    const { ticketId, reference } = await webForm('0551110001');
    const { status, body } = await getJson(`${runtime.url}/api/tickets?q=${reference.toLowerCase()}`, agent);
    expect(status).toBe(200);
    expect((body.tickets as { id: string }[]).map((ticket) => ticket.id)).toEqual([ticketId]);
  });

  it('finds a contact’s tickets by phone written in a local form with Arabic-Indic digits', async () => {
    const { ticketId } = await webForm('0551110002');
    const { body } = await getJson(`${runtime.url}/api/tickets?q=${encodeURIComponent('٠٥٥١١١٠٠٠٢')}`, agent);
    expect((body.tickets as { id: string }[]).map((ticket) => ticket.id)).toContain(ticketId);
  });

  it('finds by email, and hides tickets in queues the caller cannot see', async () => {
    const { ticketId } = await webForm('0551110003', 'Seeker@Example.org');
    const forAgent = await getJson(`${runtime.url}/api/tickets?q=seeker@example.org`, agent);
    expect((forAgent.body.tickets as { id: string }[]).map((ticket) => ticket.id)).toEqual([ticketId]);
    const forResearcher = await getJson(`${runtime.url}/api/tickets?q=seeker@example.org`, researcher);
    expect(forResearcher.body.tickets).toEqual([]);
  });

  it('finds tickets by words of the name or subject, however the Arabic is spelt', async () => {
    const { body: created } = await postJson(`${runtime.url}/public/contact`, {
      name: 'هيفاء الصاعدي',
      phone: '0551110010',
      subject: 'طلب كرسي متحرك لوالدتي',
      message: 'والدتي مسنة وتحتاج كرسيًا متحركًا',
    });
    const search = async (term: string, token = agent) => {
      const { body } = await getJson(`${runtime.url}/api/tickets?q=${encodeURIComponent(term)}`, token);
      return (body.tickets as { id: string }[]).map((ticket) => ticket.id);
    };
    await expect.poll(() => search('كرسي متحرك')).toEqual([created.ticketId]);
    expect(await search('صاعدى هيفاء')).toEqual([created.ticketId]);
    expect(await search('كرسي طائر')).toEqual([]);
    expect(await search('كرسي متحرك', researcher)).toEqual([]);
  });

  it('finds a web-form ticket by the national id written on the form', async () => {
    const { body: created } = await postJson(`${runtime.url}/public/contact`, {
      name: 'مشاعل العنزي',
      phone: '0551110013',
      nationalId: '1000000008',
      subject: 'تحديث بيانات',
      message: 'أرجو تحديث بياناتي',
    });
    await expect
      .poll(async () => {
        const { body } = await getJson(
          `${runtime.url}/api/tickets?q=${encodeURIComponent('١٠٠٠٠٠٠٠٠٨')}`,
          agent,
        );
        return (body.tickets as { id: string }[]).map((ticket) => ticket.id);
      })
      .toEqual([created.ticketId]);
  });

  it('refuses a one-character search term', async () => {
    const { status } = await getJson(`${runtime.url}/api/tickets?q=a`, agent);
    expect(status).toBe(400);
  });
});

describe('GET /api/tickets?view=mine', () => {
  it('lists only the tickets assigned to the caller', async () => {
    const mine = await webForm('0551110004');
    await webForm('0551110005');
    // Unassigned, so the agent may take it (a colleague's ticket is a supervisor's to move).
    await runtime.deps.store.updateTicket(mine.ticketId as string, (ticket) => ({
      ...ticket,
      assigneeId: undefined,
    }));
    const taken = await fetch(`${runtime.url}/api/tickets/${mine.ticketId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...auth(agent) },
      body: JSON.stringify({ assigneeId: 'u-agent' }),
    });
    expect(taken.status).toBe(200);
    const { body } = await getJson(`${runtime.url}/api/tickets?view=mine&limit=50`, agent);
    const tickets = body.tickets as { id: string; assigneeId: string }[];
    expect(tickets.map((ticket) => ticket.id)).toContain(mine.ticketId);
    expect(tickets.every((ticket) => ticket.assigneeId === 'u-agent')).toBe(true);
  });

  it('refuses a cursor it did not hand out', async () => {
    const { status } = await getJson(`${runtime.url}/api/tickets?view=mine&cursor=bm90LWEta2V5`, agent);
    expect(status).toBe(400);
  });
});

describe('GET /api/contacts/{id}', () => {
  it('shows the contact with identities and their earlier tickets', async () => {
    const first = await webForm('0551110006');
    const { body: ticket } = await getJson(`${runtime.url}/api/tickets/${first.ticketId}`, agent);
    const contactId = (ticket.ticket as { contactId: string }).contactId;
    const { status, body } = await getJson(`${runtime.url}/api/contacts/${contactId}`, agent);
    expect(status).toBe(200);
    expect((body.contact as { identities: unknown[] }).identities).toContainEqual(
      expect.objectContaining({ kind: 'phone', value: '+966551110006' }),
    );
    expect((body.tickets as { id: string }[]).map((item) => item.id)).toContain(first.ticketId);
  });

  it('is not found for staff who see none of the contact’s tickets', async () => {
    const first = await webForm('0551110007');
    const { body: ticket } = await getJson(`${runtime.url}/api/tickets/${first.ticketId}`, agent);
    const contactId = (ticket.ticket as { contactId: string }).contactId;
    const { status } = await getJson(`${runtime.url}/api/contacts/${contactId}`, researcher);
    expect(status).toBe(404);
  });
});

describe('POST /api/tickets/{id}/messages with attachments', () => {
  it('stores a reply’s attachment with the message, for download from the ticket', async () => {
    const { ticketId } = await webForm('0551110011', 'reader@example.org');
    const reply = await postJson(
      `${runtime.url}/api/tickets/${ticketId}/messages`,
      {
        kind: 'reply',
        text: 'مرفق دليل سياسة الدعم',
        attachments: [
          {
            name: 'دليل.pdf',
            contentType: 'application/pdf',
            base64: Buffer.from('%PDF-guide').toString('base64'),
          },
        ],
      },
      auth(agent),
    );
    expect(reply.status).toBe(201);
    const { body } = await getJson(`${runtime.url}/api/tickets/${ticketId}`, agent);
    const sent = (body.messages as { id: string; direction: string; attachments: { name: string }[] }[]).find(
      (message) => message.direction === 'outbound',
    );
    expect(sent?.attachments.map((attachment) => attachment.name)).toEqual(['دليل.pdf']);
    const download = await fetch(
      `${runtime.url}/api/tickets/${ticketId}/messages/${sent?.id}/attachments/0`,
      { headers: auth(agent) },
    );
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-guide');
  });

  it('refuses an attachment of a type staff cannot send', async () => {
    const { ticketId } = await webForm('0551110012', 'reader2@example.org');
    const { status } = await postJson(
      `${runtime.url}/api/tickets/${ticketId}/messages`,
      {
        kind: 'reply',
        text: 'مرفق',
        attachments: [
          { name: 'x.html', contentType: 'text/html', base64: Buffer.from('<script>').toString('base64') },
        ],
      },
      auth(agent),
    );
    expect(status).toBe(400);
  });
});

describe('GET /api/canned-answers', () => {
  it('links the society’s reference documents once a supervisor has uploaded them, and serves them publicly', async () => {
    const answers = async () =>
      (await getJson(`${runtime.url}/api/canned-answers`, agent)).body.answers as {
        id: string;
        documentUrl?: string;
        documentMissing?: boolean;
        text: string;
      }[];
    const before = await answers();
    expect(before.every((answer) => /[\u0600-\u06FF]/.test(answer.text))).toBe(true);
    expect(before.filter((answer) => answer.documentMissing).map((answer) => answer.id)).toEqual([
      'bylaws',
      'social-research-guide',
      'support-policy-guide',
      'support-request-form',
    ]);
    expect(before.some((answer) => answer.documentUrl)).toBe(false);

    const upload = (token: string, slug: string, bytes: Buffer) =>
      fetch(`${runtime.url}/api/documents/${slug}`, {
        method: 'PUT',
        headers: { ...auth(token), 'content-type': 'application/json' },
        body: JSON.stringify({ base64: bytes.toString('base64') }),
      });
    const pdf = Buffer.from('%PDF-1.4\n% اللائحة الأساسية\n%%EOF\n');
    const supervisor = await signIn(runtime, 'supervisor@sanad.local');
    expect((await upload(agent, 'bylaws', pdf)).status).toBe(403);
    expect((await upload(supervisor, 'bylaws', Buffer.from('not a pdf'))).status).toBe(400);
    expect((await upload(supervisor, 'no-such-document', pdf)).status).toBe(404);
    expect((await upload(supervisor, 'bylaws', pdf)).status).toBe(200);

    const bylaws = (await answers()).find((answer) => answer.id === 'bylaws');
    expect(bylaws?.documentUrl).toBe(`${runtime.url}/public/documents/bylaws`);
    const download = await fetch(bylaws?.documentUrl ?? '');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
    expect((await fetch(`${runtime.url}/public/documents/support-policy-guide`)).status).toBe(404);
    const listed = await getJson(`${runtime.url}/api/documents`, agent);
    expect(listed.body.documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          slug: 'bylaws',
          uploaded: expect.objectContaining({ uploadedBy: 'u-supervisor' }),
        }),
        expect.objectContaining({ slug: 'support-policy-guide', uploaded: null }),
      ]),
    );
  });

  it('needs a staff token', async () => {
    const { status } = await getJson(`${runtime.url}/api/canned-answers`);
    expect(status).toBe(401);
  });
});

describe('GET /api/staff', () => {
  it('lists colleagues by name and queue without their email addresses', async () => {
    const { status, body } = await getJson(`${runtime.url}/api/staff`, agent);
    expect(status).toBe(200);
    const staff = body.staff as Record<string, unknown>[];
    expect(staff).toContainEqual({
      id: 'u-agent2',
      name: 'فهد الغامدي',
      roles: ['agent'],
      queueIds: ['beneficiary-relations', 'branch-north'],
    });
    expect(staff.some((user) => 'email' in user)).toBe(false);
  });
});

describe('POST /api/tickets (staff-logged contact)', () => {
  const letter = {
    channel: 'letter',
    idempotencyKey: 'letter-0001',
    name: 'سالم الدوسري',
    phone: '0551110008',
    subject: 'خطاب طلب مساعدة',
    text: 'وصل خطاب من المستفيد يطلب مساعدة في سداد الإيجار',
    type: 'inquiry',
    scan: {
      name: 'خطاب.pdf',
      contentType: 'application/pdf',
      base64: Buffer.from('%PDF-1.4').toString('base64'),
    },
  };

  it('records a letter with its scan as a ticket, once however often it is submitted', async () => {
    const first = await postJson(`${runtime.url}/api/tickets`, letter, auth(agent));
    expect(first.status).toBe(201);
    const again = await postJson(`${runtime.url}/api/tickets`, letter, auth(agent));
    expect(again.status).toBe(200);
    expect(again.body.ticketId).toBe(first.body.ticketId);

    const { body } = await getJson(`${runtime.url}/api/tickets/${first.body.ticketId}`, agent);
    const messages = body.messages as { channel: string; attachments: { objectKey: string }[] }[];
    expect(messages[0]?.channel).toBe('letter');
    const stored = await runtime.deps.objects.get(messages[0]?.attachments[0]?.objectKey ?? '');
    expect(Buffer.from(stored?.body ?? []).toString()).toBe('%PDF-1.4');
  });

  it('lets staff of the queue download the scan, and hides it from other queues', async () => {
    const created = await postJson(
      `${runtime.url}/api/tickets`,
      { ...letter, idempotencyKey: 'letter-0005', phone: '0551110009' },
      auth(agent),
    );
    const { body } = await getJson(`${runtime.url}/api/tickets/${created.body.ticketId}`, agent);
    const messageId = (body.messages as { id: string }[])[0]?.id;
    const url = `${runtime.url}/api/tickets/${created.body.ticketId}/messages/${messageId}/attachments/0`;
    const download = await fetch(url, { headers: auth(agent) });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4');
    expect((await fetch(url, { headers: auth(researcher) })).status).toBe(404);
    expect((await fetch(url.replace(/0$/, '1'), { headers: auth(agent) })).status).toBe(404);
  });

  it('refuses a contact with no way to reach them, and a channel that is not staff-logged', async () => {
    const noIdentity = await postJson(
      `${runtime.url}/api/tickets`,
      { ...letter, idempotencyKey: 'letter-0002', phone: undefined, scan: undefined },
      auth(agent),
    );
    expect(noIdentity.status).toBe(400);
    const email = await postJson(
      `${runtime.url}/api/tickets`,
      { ...letter, channel: 'email', idempotencyKey: 'letter-0003' },
      auth(agent),
    );
    expect(email.status).toBe(400);
  });

  it('is refused to a manager, who reads but does not record', async () => {
    const { status } = await postJson(
      `${runtime.url}/api/tickets`,
      { ...letter, idempotencyKey: 'letter-0004' },
      auth(manager),
    );
    expect(status).toBe(403);
  });
});

describe('GET /api/tickets narrowed by the server', () => {
  it('lists by branch, channel, type and unassigned, and refuses an unknown branch', async () => {
    const north = await postJson(
      `${runtime.url}/public/support-requests`,
      anApplication({ branch: 'north', description: 'أحتاج دعماً لمشروع طبخ منزلي في حائل' }),
    );
    const south = await postJson(
      `${runtime.url}/public/support-requests`,
      anApplication({ branch: 'south', description: 'أحتاج دعماً لمشروع تطريز في أبها' }),
    );
    expect([north.status, south.status]).toEqual([201, 201]);
    const list = async (query: string) => {
      const { status, body } = await getJson(`${runtime.url}/api/tickets?${query}`, manager);
      expect(status).toBe(200);
      return body.tickets as { reference: string; branch?: string; assigneeId?: string }[];
    };
    const inNorth = await list('branch=north&limit=100');
    expect(inNorth.map((ticket) => ticket.reference)).toContain(north.body.reference);
    expect(inNorth.every((ticket) => ticket.branch === 'north')).toBe(true);
    const supportOnWeb = await list('type=support_request&channel=webform&limit=100');
    expect(supportOnWeb.map((ticket) => ticket.reference)).toEqual(
      expect.arrayContaining([north.body.reference, south.body.reference]),
    );
    expect((await list('unassigned=true&limit=100')).every((ticket) => !ticket.assigneeId)).toBe(true);
    expect((await getJson(`${runtime.url}/api/tickets?branch=atlantis`, manager)).status).toBe(400);
  });
});
