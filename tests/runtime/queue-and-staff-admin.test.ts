import { describe, expect, it } from 'vitest';
import { useMovingClock } from '../support/moving-clock.ts';
import { getJson, postJson } from '../support/runtime.ts';

const { t } = useMovingClock('2026-11-29T09:00:00+03:00');

const NEW_PASSWORD = 'Zakat-Desk-2026!';

describe('a society sets up a queue and a new member of staff from the API the admin pages use', () => {
  let member: { id: string; temporaryPassword: string };
  let memberToken: string;

  it('lets an admin create a queue, and refuses an agent or a supervisor', async () => {
    const queue = { id: 'zakat', nameAr: 'الزكاة', nameEn: 'Zakat', autoAssign: true, branch: 'west' };
    expect((await t.send('POST', '/api/queues', t.agent, queue)).status).toBe(403);
    expect((await t.send('POST', '/api/queues', t.supervisor, queue)).status).toBe(403);
    const created = await t.send('POST', '/api/queues', t.admin, queue);
    expect(created).toMatchObject({ status: 201, body: { ...queue, memberIds: [] } });
    expect((await t.send('POST', '/api/queues', t.admin, queue)).status).toBe(409);
    const bad = await t.send('POST', '/api/queues', t.admin, { ...queue, id: 'Has Spaces', branch: 'mars' });
    expect(bad.status).toBe(400);
    const { body } = await getJson(`${t.runtime.url}/api/queues`, t.agent);
    expect(body.queues).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'zakat' })]));
  });

  it('writes nothing for a queue refused for a member who does not exist', async () => {
    const refused = await t.send('POST', '/api/queues', t.admin, {
      id: 'orphans',
      nameAr: 'الأيتام',
      nameEn: 'Orphans',
      autoAssign: false,
      memberIds: ['u-agent', 'u-nobody'],
    });
    expect(refused.status).toBe(400);
    const { body } = await getJson(`${t.runtime.url}/api/queues`, t.admin);
    expect((body.queues as { id: string }[]).map((queue) => queue.id)).not.toContain('orphans');
    const agent = await t.runtime.deps.store.getStaffUser('u-agent');
    expect(agent?.queueIds).not.toContain('orphans');
    // The same again, members right: created, as if the refused one had never been tried.
    const created = await t.send('POST', '/api/queues', t.admin, {
      id: 'orphans',
      nameAr: 'الأيتام',
      nameEn: 'Orphans',
      autoAssign: false,
      memberIds: ['u-agent'],
    });
    expect(created).toMatchObject({ status: 201, body: { memberIds: ['u-agent'] } });
  });

  it('creates a queue once when two admins create the same id at the same moment', async () => {
    const queue = { id: 'widows', nameAr: 'الأرامل', nameEn: 'Widows', autoAssign: false };
    const answers = await Promise.all([
      t.send('POST', '/api/queues', t.admin, queue),
      t.send('POST', '/api/queues', t.admin, { ...queue, nameAr: 'الأرامل والمطلقات', autoAssign: true }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const winner = answers.find((answer) => answer.status === 201)?.body;
    const { body } = await getJson(`${t.runtime.url}/api/queues`, t.admin);
    expect((body.queues as { id: string }[]).find((stored) => stored.id === 'widows')).toMatchObject({
      nameAr: winner?.nameAr,
      autoAssign: winner?.autoAssign,
    });
  });

  it('creates one account for an email invited twice at the same moment', async () => {
    const invitation = { name: 'سارة العمري', email: 'sara@sanad.local', roles: ['agent'], queueIds: [] };
    const answers = await Promise.all([
      t.send('POST', '/api/staff', t.admin, invitation),
      t.send('POST', '/api/staff', t.admin, { ...invitation, roles: ['admin'] }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body).toMatchObject({ error: 'email_taken' });
    const staff = await t.runtime.deps.store.listStaffUsers();
    expect(staff.filter((user) => user.email === 'sara@sanad.local')).toHaveLength(1);
  });

  it('lets an admin add a member of staff, who gets a one-time password', async () => {
    const invitation = {
      name: 'ريم الشهري',
      email: 'Reem@Sanad.local',
      roles: ['agent'],
      queueIds: ['zakat'],
      branch: 'west',
    };
    expect((await t.send('POST', '/api/staff', t.agent, invitation)).status).toBe(403);
    expect(
      (await t.send('POST', '/api/staff', t.admin, { ...invitation, queueIds: ['nowhere'] })).status,
    ).toBe(400);
    const { status, body } = await t.send('POST', '/api/staff', t.admin, invitation);
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'ريم الشهري', email: 'reem@sanad.local', queueIds: ['zakat'] });
    expect(body.temporaryPassword).toEqual(expect.any(String));
    member = body as typeof member;
    expect((await t.send('POST', '/api/staff', t.admin, invitation)).status).toBe(409);
  });

  it('makes the new member choose a password at first sign-in', async () => {
    const login = (password: string) =>
      postJson(`${t.runtime.url}/auth/local/login`, { email: 'reem@sanad.local', password });
    const first = await login(member.temporaryPassword);
    expect(first).toMatchObject({ status: 409, body: { error: 'new_password_required' } });
    expect(first.body.messageAr).toEqual(expect.any(String));
    const choose = (newPassword: string) =>
      postJson(`${t.runtime.url}/auth/local/new-password`, {
        email: 'reem@sanad.local',
        password: member.temporaryPassword,
        newPassword,
      });
    expect((await choose('short')).status).toBe(400);
    const chosen = await choose(NEW_PASSWORD);
    expect(chosen.status).toBe(200);
    expect((await login(member.temporaryPassword)).status).toBe(401);
    const again = await login(NEW_PASSWORD);
    expect(again.status).toBe(200);
    memberToken = again.body.idToken as string;
    const me = await getJson(`${t.runtime.url}/api/me`, memberToken);
    expect(me).toMatchObject({
      status: 200,
      body: { userId: member.id, roles: ['agent'], queueIds: ['zakat'] },
    });
  });

  it('routes a web-form contact by a keyword rule to the new queue, listed for the new member', async () => {
    const { body: ruleSet } = await t.send('GET', '/api/rules', t.admin);
    const zakatRule = {
      id: 'zakat',
      name: 'الزكاة',
      enabled: true,
      conditions: { keywords: ['زكاة'] },
      actions: { queueId: 'zakat' },
    };
    const saved = await t.send('PUT', '/api/rules', t.admin, {
      rules: [zakatRule, ...(ruleSet.rules as unknown[])],
      defaultQueueId: ruleSet.defaultQueueId,
      expectedVersion: ruleSet.version,
    });
    expect(saved.status).toBe(200);
    const contact = await postJson(
      `${t.runtime.url}/public/contact`,
      t.contactForm({ message: 'أريد أن أدفع زكاة مالي هذا العام' }),
    );
    expect(contact.status).toBe(201);
    await t.runtime.settled();
    const listed = await getJson(`${t.runtime.url}/api/tickets?queue=zakat`, memberToken);
    expect(listed.status).toBe(200);
    const tickets = listed.body.tickets as Array<{ id: string; queueId: string; assigneeId?: string }>;
    expect(tickets.map((ticket) => ticket.id)).toContain(contact.body.ticketId);
    expect(tickets.find((ticket) => ticket.id === contact.body.ticketId)).toMatchObject({
      queueId: 'zakat',
      assigneeId: member.id,
    });
  });

  it('renames and moves members as each role may, and archives a queue only when nothing routes to it', async () => {
    expect((await t.send('PUT', '/api/queues/zakat', t.supervisor, { nameAr: 'زكاة المال' })).status).toBe(
      403,
    );
    expect((await t.send('PUT', '/api/queues/zakat', t.agent, { memberIds: [] })).status).toBe(403);
    const moved = await t.send('PUT', '/api/queues/zakat', t.supervisor, {
      memberIds: [member.id, 'u-agent'],
    });
    expect(moved).toMatchObject({ status: 200, body: { memberIds: [member.id, 'u-agent'] } });
    expect((await t.runtime.deps.store.getStaffUser('u-agent'))?.queueIds).toContain('zakat');
    const renamed = await t.send('PUT', '/api/queues/zakat', t.admin, { nameAr: 'زكاة المال', capacity: 5 });
    expect(renamed).toMatchObject({
      status: 200,
      body: { nameAr: 'زكاة المال', nameEn: 'Zakat', capacity: 5 },
    });
    // A number out of range is said as a number, not as text too short.
    for (const [capacity, code] of [
      [-1, 'too_small'],
      [501, 'too_large'],
    ] as const) {
      const outOfRange = await t.send('PUT', '/api/queues/zakat', t.admin, { capacity });
      expect(outOfRange.status).toBe(400);
      expect(outOfRange.body.fields).toMatchObject([{ field: 'capacity', code }]);
    }
    const refused = await t.send('PUT', '/api/queues/zakat', t.admin, { archived: true });
    expect(refused).toMatchObject({ status: 409, body: { error: 'queue_in_use' } });
    const defaultRefused = await t.send('PUT', '/api/queues/beneficiary-relations', t.admin, {
      archived: true,
    });
    expect(defaultRefused).toMatchObject({ status: 409, body: { error: 'default_queue' } });
    const { body: ruleSet } = await t.send('GET', '/api/rules', t.admin);
    await t.send('PUT', '/api/rules', t.admin, {
      rules: (ruleSet.rules as Array<{ id: string }>).filter((rule) => rule.id !== 'zakat'),
      defaultQueueId: ruleSet.defaultQueueId,
      expectedVersion: ruleSet.version,
    });
    const archived = await t.send('PUT', '/api/queues/zakat', t.admin, { archived: true });
    expect(archived).toMatchObject({ status: 200, body: { archived: true } });
    // Its ticket stays where it is, still listed for the member.
    const listed = await getJson(`${t.runtime.url}/api/tickets?queue=zakat`, memberToken);
    expect((listed.body.tickets as unknown[]).length).toBe(1);
  });

  it('makes another queue the default through the rule set the router reads', async () => {
    const made = await t.send('PUT', '/api/queues/volunteering', t.admin, { isDefault: true });
    expect(made).toMatchObject({ status: 200, body: { isDefault: true } });
    expect((await t.send('GET', '/api/rules', t.admin)).body.defaultQueueId).toBe('volunteering');
    await t.send('PUT', '/api/queues/beneficiary-relations', t.admin, { isDefault: true });
    expect((await t.send('GET', '/api/rules', t.admin)).body.defaultQueueId).toBe('beneficiary-relations');
  });

  it('shows whole staff records to admins only, and lets an admin change and disable a member', async () => {
    const asAgent = await t.send('GET', '/api/staff', t.agent);
    expect((asAgent.body.staff as Array<Record<string, unknown>>)[0]).not.toHaveProperty('email');
    const asAdmin = await t.send('GET', '/api/staff', t.admin);
    expect(asAdmin.body.staff).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: member.id, email: 'reem@sanad.local' })]),
    );
    expect((await t.send('PUT', `/api/staff/${member.id}`, t.supervisor, { roles: ['admin'] })).status).toBe(
      403,
    );
    // A role taken away is gone from the tokens already issued; one given comes with the next sign-in.
    expect((await t.send('PUT', `/api/staff/${member.id}`, t.admin, { roles: ['researcher'] })).status).toBe(
      200,
    );
    expect(await getJson(`${t.runtime.url}/api/me`, memberToken)).toMatchObject({
      status: 200,
      body: { roles: [] },
    });
    const changed = await t.send('PUT', `/api/staff/${member.id}`, t.admin, {
      roles: ['agent', 'researcher'],
      branch: null,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).not.toHaveProperty('branch');
    const adminId = (await t.send('GET', '/api/me', t.admin)).body.userId as string;
    const selfLockout = await t.send('PUT', `/api/staff/${adminId}`, t.admin, { disabled: true });
    expect(selfLockout).toMatchObject({ status: 409, body: { error: 'own_admin' } });

    expect((await t.send('PUT', `/api/staff/${member.id}`, t.admin, { disabled: true })).status).toBe(200);
    expect((await getJson(`${t.runtime.url}/api/me`, memberToken)).status).toBe(401);
    const login = await postJson(`${t.runtime.url}/auth/local/login`, {
      email: 'reem@sanad.local',
      password: NEW_PASSWORD,
    });
    expect(login.status).toBe(401);
  });

  it('keeps an audit of every setting change, for admins', async () => {
    expect((await t.send('GET', '/api/audit', t.supervisor)).status).toBe(403);
    const { status, body } = await t.send('GET', '/api/audit', t.admin);
    expect(status).toBe(200);
    const entries = body.entries as Array<Record<string, unknown>>;
    const renamed = entries.find(
      (entry) =>
        entry.setting === 'queue' &&
        (entry.from as { nameAr: string }).nameAr === 'الزكاة' &&
        (entry.to as { nameAr: string }).nameAr === 'زكاة المال',
    );
    expect(renamed).toMatchObject({ subjectId: 'zakat', action: 'update', actorName: expect.any(String) });
    expect(
      entries
        .filter((entry) => entry.setting === 'queue' && entry.action === 'create')
        .map((entry) => entry.subjectId),
    ).toEqual(['widows', 'orphans', 'zakat']);
    const disabled = entries.find(
      (entry) => entry.setting === 'staff' && (entry.to as { disabled?: boolean }).disabled === true,
    );
    expect(disabled).toMatchObject({
      subjectId: member.id,
      from: expect.objectContaining({ roles: ['agent', 'researcher'] }),
    });
    // Newest first.
    expect(entries.map((entry) => entry.at)).toEqual([...entries.map((entry) => entry.at)].sort().reverse());
  });
});
