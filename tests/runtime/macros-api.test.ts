import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Macro,
  type MacroTarget,
  macroChange,
  mayApplyMacro,
  STARTING_MACROS,
} from '../../shared/domain/macro.ts';
import type { Principal } from '../../shared/domain/staff.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';
import { postJson } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';

let t: ClockedRuntime;

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-11-29T09:00:00+03:00'));
});
afterAll(async () => {
  await t.runtime.close();
});

const followUp = {
  nameAr: 'متابعة الزيارة',
  nameEn: 'Visit follow-up',
  cannedAnswerId: 'received',
  status: 'pending_beneficiary',
  assignee: 'me',
  tags: ['زيارة'],
};

describe('macros are configuration admins keep', () => {
  it('lists the starting macros to every member of staff', async () => {
    for (const token of [t.agent, t.supervisor, t.admin]) {
      const listed = await t.send('GET', '/api/macros', token);
      expect(listed.status).toBe(200);
      expect(listed.body.macros).toEqual(expect.arrayContaining(STARTING_MACROS));
    }
  });

  it('lets only an admin save or delete a macro, and audits both', async () => {
    const opened = { ...followUp, expectedVersion: 0 };
    expect((await t.send('PUT', '/api/macros/visit-follow-up', t.agent, opened)).status).toBe(403);
    expect((await t.send('PUT', '/api/macros/visit-follow-up', t.supervisor, opened)).status).toBe(403);
    const saved = await t.send('PUT', '/api/macros/visit-follow-up', t.admin, opened);
    expect(saved).toMatchObject({ status: 200, body: { id: 'visit-follow-up', ...followUp, version: 1 } });
    const renamed = await t.send('PUT', '/api/macros/visit-follow-up', t.admin, {
      ...followUp,
      tags: [],
      expectedVersion: 1,
    });
    expect(renamed).toMatchObject({ status: 200, body: { tags: [], version: 2 } });
    expect((await t.send('DELETE', '/api/macros/visit-follow-up', t.agent)).status).toBe(403);
    expect((await t.send('DELETE', '/api/macros/visit-follow-up', t.admin)).status).toBe(200);
    expect((await t.send('DELETE', '/api/macros/visit-follow-up', t.admin)).status).toBe(404);
    const listed = await t.send('GET', '/api/macros', t.agent);
    expect((listed.body.macros as Macro[]).map((macro) => macro.id)).not.toContain('visit-follow-up');

    const audit = await t.send('GET', '/api/audit', t.admin);
    const actions = (audit.body.entries as { setting: string; subjectId: string; action: string }[])
      .filter((entry) => entry.subjectId === 'visit-follow-up')
      .map((entry) => `${entry.setting}:${entry.action}`);
    expect(actions.sort()).toEqual(['macro:create', 'macro:delete', 'macro:update']);
  });

  it('refuses a save over a version another admin saved meanwhile, saying so in Arabic and English', async () => {
    const path = '/api/macros/acknowledge';
    const [starting] = STARTING_MACROS.filter((macro) => macro.id === 'acknowledge');
    const { id: _id, version, ...fields } = starting as Macro;
    expect(version).toBe(1);
    const first = await t.send('PUT', path, t.admin, { ...fields, tags: ['مستلم'], expectedVersion: 1 });
    expect(first).toMatchObject({ status: 200, body: { version: 2 } });
    // A page opened before that save still holds version 1.
    const late = await t.send('PUT', path, t.admin, {
      ...fields,
      status: 'pending_internal',
      expectedVersion: 1,
    });
    expect(late).toMatchObject({
      status: 409,
      body: {
        error: 'stale_version',
        messageAr: expect.stringContaining('غيّر شخص آخر الإجراء الجاهز'),
        message: expect.stringContaining('changed by someone else'),
      },
    });
    // A new macro under an id that exists is the same overwrite.
    const taken = await t.send('PUT', path, t.admin, { ...fields, expectedVersion: 0 });
    expect(taken.status).toBe(409);
    // Two admins who opened version 2 save at once: exactly one is kept.
    const both = await Promise.all(
      [['أ'], ['ب']].map((tags) => t.send('PUT', path, t.admin, { ...fields, tags, expectedVersion: 2 })),
    );
    expect(both.map((response) => response.status).sort()).toEqual([200, 409]);
    const macros = (await t.send('GET', '/api/macros', t.agent)).body.macros as Macro[];
    const stored = macros.find((macro) => macro.id === 'acknowledge');
    expect(stored).toMatchObject({
      version: 3,
      tags: both.find((response) => response.status === 200)?.body.tags,
    });
  });

  it('refuses a bad id, an unknown status or assignee choice with the field that is wrong', async () => {
    const badId = await t.send('PUT', '/api/macros/Has%20Spaces', t.admin, {
      ...followUp,
      expectedVersion: 0,
    });
    expect(badId).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'id' })] },
    });
    const bad = await t.send('PUT', '/api/macros/visit-follow-up', t.admin, {
      ...followUp,
      nameAr: ' ',
      status: 'done',
      assignee: 'someone',
      expectedVersion: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'nameAr', messageAr: expect.any(String) }),
        expect.objectContaining({ field: 'status' }),
        expect.objectContaining({ field: 'assignee' }),
      ]),
    );
  });
});

describe('applying a macro', () => {
  const agent: Principal = {
    userId: 'u-agent',
    email: 'agent@sanad.local',
    name: 'agent',
    roles: ['agent'],
    queueIds: ['beneficiary-relations', 'volunteering'],
  };
  const requestDocuments = STARTING_MACROS.find((macro) => macro.id === 'request-documents') as Macro;

  it('changes status, assignee and tags in one PATCH the agent may make', async () => {
    const applied = await postJson(`${t.runtime.url}/public/support-requests`, anApplication());
    const created = await t.runtime.deps.store.findTicketByReference(applied.body.reference as string);
    const ticket = await t.runtime.deps.store.updateTicket(created?.id as string, (current) => ({
      ...current,
      queueId: 'beneficiary-relations',
      assigneeId: undefined,
    }));
    expect(mayApplyMacro(agent, requestDocuments, ticket)).toBe(true);
    const change = macroChange(requestDocuments, agent, ticket);
    const patched = await t.send('PATCH', `/api/tickets/${ticket.id}`, t.agent, change);
    expect(patched).toMatchObject({
      status: 200,
      body: {
        status: 'pending_beneficiary',
        assigneeId: 'u-agent',
        tags: expect.arrayContaining(['مستندات-ناقصة']),
      },
    });
    // Applied again it changes nothing more than the status: the tag and the assignee are there already.
    expect(macroChange(requestDocuments, agent, patched.body as unknown as MacroTarget)).toEqual({
      status: 'pending_beneficiary',
    });
  });

  it("is not offered where a step is not the role's to take", () => {
    const colleagues = { queueId: 'beneficiary-relations', assigneeId: 'u-agent2', tags: [] };
    const unassign: Macro = { ...requestDocuments, assignee: 'unassigned' };
    expect(mayApplyMacro(agent, unassign, colleagues)).toBe(false);
    expect(mayApplyMacro(agent, requestDocuments, colleagues)).toBe(false);
    expect(mayApplyMacro(agent, { ...requestDocuments, assignee: 'unchanged' }, colleagues)).toBe(true);
    expect(mayApplyMacro(agent, requestDocuments, { ...colleagues, queueId: 'social-research' })).toBe(false);
    const manager: Principal = {
      userId: 'u-manager',
      email: 'manager@sanad.local',
      name: 'manager',
      roles: ['manager'],
      queueIds: [],
    };
    expect(mayApplyMacro(manager, { ...requestDocuments, assignee: 'unchanged' }, colleagues)).toBe(false);
  });
});
