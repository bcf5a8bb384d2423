import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { getJson, postJson } from '../../support/runtime.ts';
import { useStaffRuntime } from '../../support/staff-runtime.ts';
import { anApplication } from '../../support/support-request.ts';

// Loose input from issue #14, over HTTP against the local runtime: each answers 400 with a reason, never 5xx.
const t = useStaffRuntime(['agent']);

const fieldsOf = (body: Record<string, unknown>) => (body.fields as { field: string }[]).map((f) => f.field);

describe('list filters say which value they do not know', () => {
  it.each([
    ['status=bogus', 'status.0'],
    ['status=open,all', 'status.1'],
    ['priority=zzz', 'priority'],
  ])('%s is refused as a value not accepted, not as a field left empty', async (query, field) => {
    const { status, body } = await getJson(`${t.runtime.url}/api/tickets?${query}`, t.tokens.agent);
    expect(status).toBe(400);
    expect(body.fields).toMatchObject([{ field, code: 'invalid_value' }]);
  });
});

describe('phone fields accept a phone and nothing else', () => {
  it.each(['0551234567; DROP', '0111234567x', '0551234567 ext 2', '+966551234567<script>'])(
    '%s is refused on the contact form, the support-request form and a staff-logged contact',
    async (phone) => {
      const contact = await postJson(`${t.runtime.url}/public/contact`, {
        name: 'س',
        phone,
        subject: 'استفسار',
        message: 'نص',
      });
      expect(contact.status).toBe(400);
      expect(fieldsOf(contact.body)).toContain('phone');
      const application = await postJson(
        `${t.runtime.url}/public/support-requests`,
        anApplication({ phone }),
      );
      expect(application.status).toBe(400);
      expect(fieldsOf(application.body)).toContain('phone');
      const logged = await postJson(
        `${t.runtime.url}/api/tickets`,
        { channel: 'phone', idempotencyKey: `strict-${phone.length}`, name: 'س', phone, text: 'اتصال' },
        { authorization: `Bearer ${t.tokens.agent}` },
      );
      expect(logged.status).toBe(400);
      expect(fieldsOf(logged.body)).toContain('phone');
    },
  );
});

describe('number fields accept decimal digits only', () => {
  it.each(['0x10', '1e1', 'Infinity', '-3', '0b11', '١e٢'])(
    'householdMembers "%s" is refused',
    async (value) => {
      const response = await postJson(
        `${t.runtime.url}/public/support-requests`,
        anApplication({ householdMembers: value }),
      );
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toContain('householdMembers');
    },
  );

  it('reads Arabic-Indic digits', async () => {
    const response = await postJson(
      `${t.runtime.url}/public/support-requests`,
      anApplication({ householdMembers: '١٢', monthlyIncome: '٢٬٥٠٠' }),
    );
    expect(response.status).toBe(201);
  });
});

describe('query parameters', () => {
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['a number', cursor(5)],
    ['a list', cursor(['QUEUE#beneficiary-relations#STATUS#new'])],
    ['a map of maps', cursor({ 'QUEUE#beneficiary-relations#STATUS#new': { S: 'x' } })],
    ['a number per partition', cursor({ 'QUEUE#beneficiary-relations#STATUS#new': 7 })],
    ['a list per partition', cursor({ 'QUEUE#beneficiary-relations#STATUS#open': ['x'] })],
    ['not JSON', 'bm90LWpzb24'],
  ])('a cursor holding %s answers 400', async (_label, value) => {
    const { status, body } = await getJson(`${t.runtime.url}/api/tickets?cursor=${value}`, t.tokens.agent);
    expect(status).toBe(400);
    expect(fieldsOf(body)).toContain('cursor');
  });

  it.each(['limit=0x10', 'limit=1e1', 'limit=', 'colour=red'])('%s answers 400', async (query) => {
    expect((await getJson(`${t.runtime.url}/api/tickets?${query}`, t.tokens.agent)).status).toBe(400);
  });
});

/** A raw request: fetch would re-encode the malformed escapes this test sends. */
function rawGet(path: string): Promise<number> {
  const { hostname, port } = new URL(t.runtime.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { hostname, port, path, headers: { authorization: `Bearer ${t.tokens.agent}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('malformed percent-encoding', () => {
  it.each([
    '/api/tickets/%E0%A4%A',
    '/api/tickets/%ZZ',
    '/api/tickets?q=%E0%A4%A',
    '/public/%C0',
    '/api/contacts/%',
  ])('%s answers 400', async (path) => {
    expect(await rawGet(path)).toBe(400);
  });

  it('still serves well-encoded Arabic in the query', async () => {
    expect(await rawGet(`/api/tickets?q=${encodeURIComponent('كرسي متحرك')}`)).toBe(200);
  });
});

describe('search', () => {
  it('lists a ticket once when its national id is both a word and an identity', async () => {
    const { body: created } = await postJson(`${t.runtime.url}/public/contact`, {
      name: 'مشاعل',
      phone: '0551119013',
      nationalId: '1000000040',
      subject: 'تحديث بيانات',
      message: 'نص',
    });
    const search = async () => {
      const { body } = await getJson(`${t.runtime.url}/api/tickets?q=1000000040`, t.tokens.agent);
      return (body.tickets as { id: string }[]).map((ticket) => ticket.id);
    };
    await expect.poll(search).toContain(created.ticketId);
    const ticket = await t.runtime.deps.store.getTicket(created.ticketId as string);
    await t.runtime.deps.store.linkIdentities(
      [{ kind: 'national_id', value: '1000000040' }],
      ticket?.contactId as string,
    );
    expect(await search()).toEqual([created.ticketId]);
  });
});

describe('what staff write to a beneficiary', () => {
  it('refuses a reply or note of nothing a person reads, and sends no empty message', async () => {
    const created = await postJson(`${t.runtime.url}/public/contact`, {
      name: 'أم سعد',
      phone: '0551239876',
      subject: 'استفسار',
      message: 'متى يصل الرد؟',
    });
    const ticketId = created.body.ticketId as string;
    const outboxBefore = t.runtime.outbox.list().length;
    for (const text of ['\u200B\u2060\u200C', '\u0000\u0007', '\u0640\u0651', ' \u200F ']) {
      for (const kind of ['reply', 'note']) {
        const answer = await postJson(
          `${t.runtime.url}/api/tickets/${ticketId}/messages`,
          { kind, text },
          { authorization: `Bearer ${t.tokens.agent}` },
        );
        expect({ kind, text, status: answer.status, fields: answer.body.fields }).toEqual({
          kind,
          text,
          status: 400,
          fields: [expect.objectContaining({ field: 'text', code: 'required' })],
        });
      }
    }
    expect(t.runtime.outbox.list().length).toBe(outboxBefore);
    expect((await t.runtime.deps.store.getTicket(ticketId))?.firstResponseAt).toBeUndefined();

    // Control characters in a real reply are dropped; its line breaks stay.
    const reply = await postJson(
      `${t.runtime.url}/api/tickets/${ticketId}/messages`,
      { kind: 'reply', text: 'وعليكم السلام\u0000\r\nيصل الرد غداً\u001b[31m' },
      { authorization: `Bearer ${t.tokens.agent}` },
    );
    expect(reply.status).toBe(201);
    expect(reply.body.text).toBe('وعليكم السلام\nيصل الرد غداً[31m');
  });
});
