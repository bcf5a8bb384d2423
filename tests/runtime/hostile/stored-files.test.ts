import { beforeAll, describe, expect, it } from 'vitest';
import { committeeTicketOf, postJson } from '../../support/runtime.ts';
import { logContact, useStaffRuntime } from '../../support/staff-runtime.ts';
import { anApplication, TINY_PDF } from '../../support/support-request.ts';

const t = useStaffRuntime(['agent']);
let committeeTicket: string;
/** Every key the object store was asked to write. */
const written: string[] = [];

beforeAll(async () => {
  committeeTicket = await committeeTicketOf(t.runtime, '0551238888');
  const objects = t.runtime.deps.objects;
  const put = objects.put.bind(objects);
  objects.put = (key, body, contentType) => {
    written.push(key);
    return put(key, body, contentType);
  };
});

const scan = { name: 'scan.pdf', contentType: 'application/pdf', base64: TINY_PDF.toString('base64') };
const auth = () => ({ authorization: `Bearer ${t.tokens.agent}` });
/** The agent logs a scanned letter from Salem under this idempotency key. */
const letter = (idempotencyKey: string, phone: string, scanned = scan) =>
  logContact(t.runtime, t.tokens.agent, 'letter', idempotencyKey, {
    name: 'سالم',
    phone,
    text: 'خطاب',
    scan: scanned,
  });

describe('files sent to the staff API', () => {
  it.each([
    ['a ticket outside the caller’s queues', () => committeeTicket],
    ['no ticket', () => 'NO-SUCH-TICKET'],
    ['a path instead of a ticket id', () => '..%2F..%2Foutside-replies'],
  ])('a reply’s files to %s are refused with 404 and never stored', async (_, ticketId) => {
    const before = written.length;
    const answer = await postJson(
      `${t.runtime.url}/api/tickets/${ticketId()}/messages`,
      { kind: 'reply', text: 'مرفق', attachments: [scan] },
      auth(),
    );
    expect(answer.status).toBe(404);
    expect(written.slice(before)).toEqual([]);
  });

  it('refuses an idempotency key that names a path, before anything is stored', async () => {
    const before = written.length;
    const answer = await letter('/../u-agent2:letter-0001', '0551110077');
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([expect.objectContaining({ field: 'idempotencyKey' })]);
    const walkIn = await postJson(`${t.runtime.url}/api/support-requests`, anApplication(), {
      ...auth(),
      'idempotency-key': '../../escape',
    });
    expect(walkIn.status).toBe(400);
    expect(walkIn.body.fields).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(written.slice(before)).toEqual([]);
  });

  it('keeps every key it writes free of . and .. parts, whatever the names sent', async () => {
    const before = written.length;
    const answer = await letter('letter-..-0002', '0551110078', { ...scan, name: '..' });
    expect(answer.status).toBe(201);
    const keys = written.slice(before);
    expect(keys).toHaveLength(1);
    for (const part of keys[0]?.split('/') ?? []) expect(['', '.', '..']).not.toContain(part);
  });
});

describe('the support-request form', () => {
  it('names too many documents as too many, not as text too long', async () => {
    const form = anApplication();
    const [identity] = form.documents as object[];
    const answer = await postJson(`${t.runtime.url}/public/support-requests`, {
      ...form,
      documents: Array.from({ length: 5 }, () => identity),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([expect.objectContaining({ field: 'documents', code: 'too_many' })]);
  });
});
