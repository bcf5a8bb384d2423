import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTING_BRANCHES } from '../../shared/domain/branches.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';

let t: ClockedRuntime;

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-11-29T09:00:00+03:00'));
});
afterAll(async () => {
  await t.runtime.close();
});

const qassim = { nameAr: 'فرع القصيم - بريدة', nameEn: 'Qassim branch - Buraydah', city: 'بريدة' };
const publicIds = async () =>
  ((await getJson(`${t.runtime.url}/public/branches`)).body.branches as { id: string }[]).map(
    (branch) => branch.id,
  );

describe('branches are configuration the society keeps', () => {
  it('starts with the five branches, listed to every member of staff and on the public form', async () => {
    const listed = await t.send('GET', '/api/branches', t.agent);
    expect(listed.status).toBe(200);
    expect(listed.body.branches).toHaveLength(STARTING_BRANCHES.length);
    expect(listed.body.branches).toEqual(expect.arrayContaining(STARTING_BRANCHES));
    expect((await publicIds()).sort()).toEqual(STARTING_BRANCHES.map((branch) => branch.id).sort());
  });

  it('lets an admin add a branch, refuses other roles, and records the change in the audit', async () => {
    expect((await t.send('PUT', '/api/branches/qassim', t.agent, qassim)).status).toBe(403);
    expect((await t.send('PUT', '/api/branches/qassim', t.supervisor, qassim)).status).toBe(403);
    const saved = await t.send('PUT', '/api/branches/qassim', t.admin, qassim);
    expect(saved).toMatchObject({ status: 200, body: { id: 'qassim', ...qassim } });
    expect(await publicIds()).toContain('qassim');
    const audit = await t.send('GET', '/api/audit', t.admin);
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ setting: 'branch', subjectId: 'qassim', action: 'create' }),
      ]),
    );
  });

  it('refuses a bad id, a missing English name or a blank city with the field that is wrong', async () => {
    const badId = await t.send('PUT', '/api/branches/Has%20Spaces', t.admin, qassim);
    expect(badId).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'id' })] },
    });
    const { nameEn: _english, ...withoutEnglish } = qassim;
    const missing = await t.send('PUT', '/api/branches/qassim', t.admin, { ...withoutEnglish, city: ' ' });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'nameEn', messageAr: expect.any(String) }),
        expect.objectContaining({ field: 'city' }),
      ]),
    );
  });

  it('takes applications for the new branch, and archives it instead of deleting it', async () => {
    const applied = await postJson(
      `${t.runtime.url}/public/support-requests`,
      anApplication({ branch: 'qassim' }),
    );
    expect(applied.status).toBe(201);
    const ticket = await t.runtime.deps.store.findTicketByReference(applied.body.reference as string);
    expect(ticket?.branch).toBe('qassim');

    const archived = await t.send('PUT', '/api/branches/qassim', t.admin, { ...qassim, archived: true });
    expect(archived).toMatchObject({ status: 200, body: { archived: true } });
    expect(await publicIds()).not.toContain('qassim');
    // Staff still see it, so the tickets that name it keep their branch's name.
    const listed = await t.send('GET', '/api/branches', t.agent);
    expect(listed.body.branches).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'qassim', archived: true })]),
    );
    const refused = await postJson(
      `${t.runtime.url}/public/support-requests`,
      anApplication({ branch: 'qassim' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      expect.objectContaining({ field: 'branch', messageAr: 'القيمة غير مقبولة' }),
    ]);
  });

  it('gives queues, staff and tickets only a branch the society has', async () => {
    expect((await t.send('PUT', '/api/queues/branch-north', t.admin, { branch: 'mars' })).status).toBe(400);
    expect((await t.send('PUT', '/api/queues/branch-north', t.admin, { branch: 'north' })).status).toBe(200);
    const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    expect((await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { branch: 'mars' })).status).toBe(
      400,
    );
    expect((await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { branch: 'east' })).status).toBe(
      200,
    );
  });
});
