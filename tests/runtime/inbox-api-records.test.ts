import { describe, expect, it } from 'vitest';
import { auth, useInboxRuntime } from '../support/inbox-runtime.ts';
import { getJson, postJson, signIn } from '../support/runtime.ts';

const inbox = useInboxRuntime();

describe('GET /api/contacts/{id}', () => {
  it('shows the contact with identities and their earlier tickets', async () => {
    const first = await inbox.webForm('0551110006');
    const { body: ticket } = await getJson(`${inbox.runtime.url}/api/tickets/${first.ticketId}`, inbox.agent);
    const contactId = (ticket.ticket as { contactId: string }).contactId;
    const { status, body } = await getJson(`${inbox.runtime.url}/api/contacts/${contactId}`, inbox.agent);
    expect(status).toBe(200);
    expect((body.contact as { identities: unknown[] }).identities).toContainEqual(
      expect.objectContaining({ kind: 'phone', value: '+966551110006' }),
    );
    expect((body.tickets as { id: string }[]).map((item) => item.id)).toContain(first.ticketId);
  });

  it('is not found for staff who see none of the contact’s tickets', async () => {
    const first = await inbox.webForm('0551110007');
    const { body: ticket } = await getJson(`${inbox.runtime.url}/api/tickets/${first.ticketId}`, inbox.agent);
    const contactId = (ticket.ticket as { contactId: string }).contactId;
    const { status } = await getJson(`${inbox.runtime.url}/api/contacts/${contactId}`, inbox.researcher);
    expect(status).toBe(404);
  });
});

describe('POST /api/tickets/{id}/messages with attachments', () => {
  it('stores a reply’s attachment with the message, for download from the ticket', async () => {
    const { ticketId } = await inbox.webForm('0551110011', 'reader@example.org');
    const reply = await postJson(
      `${inbox.runtime.url}/api/tickets/${ticketId}/messages`,
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
      auth(inbox.agent),
    );
    expect(reply.status).toBe(201);
    const { body } = await getJson(`${inbox.runtime.url}/api/tickets/${ticketId}`, inbox.agent);
    const sent = (body.messages as { id: string; direction: string; attachments: { name: string }[] }[]).find(
      (message) => message.direction === 'outbound',
    );
    expect(sent?.attachments.map((attachment) => attachment.name)).toEqual(['دليل.pdf']);
    const download = await fetch(
      `${inbox.runtime.url}/api/tickets/${ticketId}/messages/${sent?.id}/attachments/0`,
      { headers: auth(inbox.agent) },
    );
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-guide');
  });

  it('refuses an attachment of a type staff cannot send', async () => {
    const { ticketId } = await inbox.webForm('0551110012', 'reader2@example.org');
    const { status } = await postJson(
      `${inbox.runtime.url}/api/tickets/${ticketId}/messages`,
      {
        kind: 'reply',
        text: 'مرفق',
        attachments: [
          { name: 'x.html', contentType: 'text/html', base64: Buffer.from('<script>').toString('base64') },
        ],
      },
      auth(inbox.agent),
    );
    expect(status).toBe(400);
  });
});

describe('GET /api/canned-answers', () => {
  it('links the society’s reference documents once a supervisor has uploaded them, and serves them publicly', async () => {
    const answers = async () =>
      (await getJson(`${inbox.runtime.url}/api/canned-answers`, inbox.agent)).body.answers as {
        id: string;
        links: string[];
        missingDocuments: string[];
        text: string;
      }[];
    const before = await answers();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((answer) => /[\u0600-\u06FF]/.test(answer.text))).toBe(true);
    expect(before.filter((answer) => answer.missingDocuments.length > 0).map((answer) => answer.id)).toEqual([
      'bylaws',
      'social-research-guide',
      'support-policy-guide',
      'support-request-form',
    ]);
    expect(before.some((answer) => answer.links.length > 0)).toBe(false);

    const upload = (token: string, slug: string, bytes: Buffer) =>
      fetch(`${inbox.runtime.url}/api/documents/${slug}`, {
        method: 'PUT',
        headers: { ...auth(token), 'content-type': 'application/json' },
        body: JSON.stringify({ base64: bytes.toString('base64') }),
      });
    const pdf = Buffer.from('%PDF-1.4\n% اللائحة الأساسية\n%%EOF\n');
    const supervisor = await signIn(inbox.runtime, 'supervisor@sanad.local');
    expect((await upload(inbox.agent, 'bylaws', pdf)).status).toBe(403);
    expect((await upload(supervisor, 'bylaws', Buffer.from('not a pdf'))).status).toBe(400);
    expect((await upload(supervisor, 'no-such-document', pdf)).status).toBe(404);
    expect((await upload(supervisor, 'bylaws', pdf)).status).toBe(200);

    const bylaws = (await answers()).find((answer) => answer.id === 'bylaws');
    expect(bylaws?.links).toEqual([`${inbox.runtime.url}/public/documents/bylaws`]);
    const download = await fetch(bylaws?.links[0] ?? '');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
    expect((await fetch(`${inbox.runtime.url}/public/documents/support-policy-guide`)).status).toBe(404);
    const listed = await getJson(`${inbox.runtime.url}/api/documents`, inbox.agent);
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
    const { status } = await getJson(`${inbox.runtime.url}/api/canned-answers`);
    expect(status).toBe(401);
  });
});

describe('GET /api/staff', () => {
  it('lists colleagues by name and queue without their email addresses', async () => {
    const { status, body } = await getJson(`${inbox.runtime.url}/api/staff`, inbox.agent);
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
    const first = await postJson(`${inbox.runtime.url}/api/tickets`, letter, auth(inbox.agent));
    expect(first.status).toBe(201);
    const again = await postJson(`${inbox.runtime.url}/api/tickets`, letter, auth(inbox.agent));
    expect(again.status).toBe(200);
    expect(again.body.ticketId).toBe(first.body.ticketId);

    const { body } = await getJson(`${inbox.runtime.url}/api/tickets/${first.body.ticketId}`, inbox.agent);
    const messages = body.messages as {
      channel: string;
      attachments: { objectKey: string }[];
      loggedBy?: { userId: string };
    }[];
    expect(messages[0]?.channel).toBe('letter');
    expect(messages[0]?.loggedBy).toMatchObject({ userId: 'u-agent' });
    const stored = await inbox.runtime.deps.objects.get(messages[0]?.attachments[0]?.objectKey ?? '');
    expect(Buffer.from(stored?.body ?? []).toString()).toBe('%PDF-1.4');
  });

  it('lets staff of the queue download the scan, and hides it from other queues', async () => {
    const created = await postJson(
      `${inbox.runtime.url}/api/tickets`,
      { ...letter, idempotencyKey: 'letter-0005', phone: '0551110009' },
      auth(inbox.agent),
    );
    const { body } = await getJson(`${inbox.runtime.url}/api/tickets/${created.body.ticketId}`, inbox.agent);
    const messageId = (body.messages as { id: string }[])[0]?.id;
    const url = `${inbox.runtime.url}/api/tickets/${created.body.ticketId}/messages/${messageId}/attachments/0`;
    const download = await fetch(url, { headers: auth(inbox.agent) });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4');
    expect((await fetch(url, { headers: auth(inbox.researcher) })).status).toBe(404);
    expect((await fetch(url.replace(/0$/, '1'), { headers: auth(inbox.agent) })).status).toBe(404);
  });

  it('refuses a contact with no way to reach them, and a channel that is not staff-logged', async () => {
    const noIdentity = await postJson(
      `${inbox.runtime.url}/api/tickets`,
      { ...letter, idempotencyKey: 'letter-0002', phone: undefined, scan: undefined },
      auth(inbox.agent),
    );
    expect(noIdentity.status).toBe(400);
    const email = await postJson(
      `${inbox.runtime.url}/api/tickets`,
      { ...letter, channel: 'email', idempotencyKey: 'letter-0003' },
      auth(inbox.agent),
    );
    expect(email.status).toBe(400);
  });

  it('is refused to a manager, who reads but does not record', async () => {
    const { status } = await postJson(
      `${inbox.runtime.url}/api/tickets`,
      { ...letter, idempotencyKey: 'letter-0004' },
      auth(inbox.manager),
    );
    expect(status).toBe(403);
  });
});
