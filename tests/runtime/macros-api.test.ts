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
    expect((await t.send('PUT', '/api/macros/visit-follow-up', t.agent, followUp)).status).toBe(403);
    expect((await t.send('PUT', '/api/macros/visit-follow-up', t.supervisor, followUp)).status).toBe(403);
    const saved = await t.send('PUT', '/api/macros/visit-follow-up', t.admin, followUp);
    expect(saved).toMatchObject({ status: 200, body: { id: 'visit-follow-up', ...followUp } });
    const renamed = await t.send('PUT', '/api/macros/visit-follow-up', t.admin, { ...followUp, tags: [] });
    expect(renamed).toMatchObject({ status: 200, body: { tags: [] } });
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

  it('refuses a bad id, an unknown status or assignee choice with the field that is wrong', async () => {
    const badId = await t.send('PUT', '/api/macros/Has%20Spaces', t.admin, followUp);
    expect(badId).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'id' })] },
    });
    const bad = await t.send('PUT', '/api/macros/visit-follow-up', t.admin, {
      ...followUp,
      nameAr: ' ',
      status: 'done',
      assignee: 'someone',
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
