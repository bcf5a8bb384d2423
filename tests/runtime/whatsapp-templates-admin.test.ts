import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_META_APP_SECRET } from '../../infra/local/local-secrets.ts';
import { STARTING_WHATSAPP_TEMPLATES } from '../../shared/domain/whatsapp-templates.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';

let t: ClockedRuntime;

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-11-25T10:00:00Z'));
});
afterAll(async () => {
  await t.runtime.close();
});

/** A starting template as an admin sends it: its name and language are in the path, not the body. */
function startingTemplateBody(name: string) {
  const found = STARTING_WHATSAPP_TEMPLATES.find((template) => template.name === name);
  if (!found) throw new Error(`No starting template ${name}`);
  const { name: _name, language: _language, ...body } = found;
  return body;
}
/** An English reminder with the follow-up's parameters: the beneficiary's name, then the reference. */
const reminder = {
  ...startingTemplateBody('follow_up'),
  body: 'Dear {{1}}, your appointment for request {{2}} is tomorrow.',
};

/** A beneficiary's WhatsApp message (the Meta fixture, signed), answering its ticket's id. */
async function whatsappTicket(): Promise<string> {
  const body = readFileSync(join(import.meta.dirname, '../fixtures/meta/whatsapp-text.json'), 'utf8');
  const signature = `sha256=${createHmac('sha256', LOCAL_META_APP_SECRET).update(body).digest('hex')}`;
  const response = await fetch(`${t.runtime.url}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    body,
  });
  expect(response.status).toBe(200);
  const lookup = await t.runtime.deps.store.lookupInbound(
    'whatsapp',
    'wamid.HBgMOTY2NTUxMjMwMDAxFQIAEhggQjQ1QjM3RkE5QzM4',
    [],
  );
  return lookup.guard?.outcome?.ticketId as string;
}

describe('WhatsApp templates are configuration admins keep', () => {
  it('starts with the templates the society had, listed to every member of staff', async () => {
    const listed = await t.send('GET', '/api/whatsapp-templates', t.agent);
    expect(listed.status).toBe(200);
    expect(listed.body.templates).toHaveLength(STARTING_WHATSAPP_TEMPLATES.length);
    expect(listed.body.templates).toEqual(expect.arrayContaining(STARTING_WHATSAPP_TEMPLATES));
  });

  it('lets only an admin add one, and records it in the audit of settings', async () => {
    const path = '/api/whatsapp-templates/appointment_reminder/en';
    expect((await t.send('PUT', path, t.agent, reminder)).status).toBe(403);
    expect((await t.send('PUT', path, t.supervisor, reminder)).status).toBe(403);
    const saved = await t.send('PUT', path, t.admin, reminder);
    expect(saved).toMatchObject({ status: 200, body: { name: 'appointment_reminder', language: 'en' } });
    const listed = await t.send('GET', '/api/whatsapp-templates', t.agent);
    expect(listed.body.templates).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'appointment_reminder', language: 'en' })]),
    );
    const audit = await t.send('GET', '/api/audit', t.admin);
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          setting: 'whatsapp_template',
          subjectId: 'appointment_reminder:en',
          action: 'create',
        }),
      ]),
    );
  });

  it('refuses what Meta would refuse, naming the field and why', async () => {
    const put = (path: string, body: unknown) =>
      t.send('PUT', `/api/whatsapp-templates/${path}`, t.admin, body);
    expect((await put('Reminder-1/en', reminder)).body.fields).toEqual([
      expect.objectContaining({ field: 'name' }),
    ]);
    expect((await put('reminder/fr', reminder)).body.fields).toEqual([
      expect.objectContaining({ field: 'language' }),
    ]);
    const gap = await put('reminder/en', { ...reminder, body: 'Dear {{1}}, see {{3}}' });
    expect(gap).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'body', code: 'parameters_not_numbered' })] },
    });
    const undescribed = await put('reminder/en', {
      ...reminder,
      parameters: reminder.parameters.slice(0, 1),
    });
    expect(undescribed).toMatchObject({
      status: 400,
      body: {
        fields: [expect.objectContaining({ field: 'parameters', code: 'parameter_descriptions_mismatch' })],
      },
    });
    const long = await put('reminder/en', { ...reminder, body: `${'x'.repeat(1020)} {{1}} {{2}}` });
    expect(long).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'body' })] },
    });
    expect((await put('reminder/en', { ...reminder, approval: 'maybe' })).status).toBe(400);
    const listed = await t.send('GET', '/api/whatsapp-templates', t.agent);
    expect(listed.body.templates).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'reminder' })]),
    );
  });

  it('sends outside the 24-hour window only a template Meta approved', async () => {
    const ticketId = await whatsappTicket();
    t.setNow(new Date('2026-11-27T12:00:00Z'));
    const pending = { ...startingTemplateBody('case_update'), approval: 'pending' };
    expect((await t.send('PUT', '/api/whatsapp-templates/case_update/ar', t.admin, pending)).status).toBe(
      200,
    );
    const reply = () =>
      t.send('POST', `/api/tickets/${ticketId}/messages`, t.agent, {
        kind: 'reply',
        text: 'تحديث',
        template: { name: 'case_update', language: 'ar', parameters: ['SND-1', 'وصلت المستندات'] },
      });
    expect(await reply()).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'template.name' })] },
    });
    const approved = { ...pending, approval: 'approved' };
    expect((await t.send('PUT', '/api/whatsapp-templates/case_update/ar', t.admin, approved)).status).toBe(
      200,
    );
    expect(await reply()).toMatchObject({
      status: 201,
      body: { text: 'تحديث بخصوص طلبكم رقم SND-1: وصلت المستندات' },
    });
  });

  it('lets only an admin delete one, audited, after which it is gone', async () => {
    const path = '/api/whatsapp-templates/appointment_reminder/en';
    expect((await t.send('DELETE', path, t.agent)).status).toBe(403);
    expect((await t.send('DELETE', path, t.admin)).status).toBe(200);
    expect((await t.send('DELETE', path, t.admin)).status).toBe(404);
    const audit = await t.send('GET', '/api/audit', t.admin);
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subjectId: 'appointment_reminder:en', action: 'delete', to: null }),
      ]),
    );
  });
});
