import { describe, expect, it } from 'vitest';
import { visitDateText } from '../../shared/domain/home-visit.ts';
import { smsTextsTo } from '../support/local-sms.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { useStaffRuntime } from '../support/staff-runtime.ts';
import { applyOnTheForm, TINY_PDF, TINY_PNG } from '../support/support-request.ts';

const t = useStaffRuntime<string>(['agent', 'researcher', 'committee', 'supervisor', 'manager']);

const as = (who: string) => ({ authorization: `Bearer ${t.tokens[who]}` });
const schedule = (ticketId: string, body: unknown, who: string) =>
  postJson(`${t.runtime.url}/api/tickets/${ticketId}/visits`, body, as(who));
const report = (ticketId: string, visitId: string, body: unknown, who: string) =>
  postJson(`${t.runtime.url}/api/tickets/${ticketId}/visits/${visitId}/report`, body, as(who));
const lastSms = (phone: string) => smsTextsTo(t.runtime, phone).at(-1);

// Three days ahead at 07:30 UTC: 10:30 in Riyadh.
const inThreeDays = () => {
  const day = new Date(Date.now() + 3 * 86_400_000);
  day.setUTCHours(7, 30, 0, 0);
  return day.toISOString();
};
const plan = () => ({
  scheduledFor: inThreeDays(),
  address: 'حي النسيم، شارع ١٢، منزل ٤',
  purpose: 'دراسة حالة الأسرة',
});
const photo = (bytes: Buffer, contentType = 'image/png') => ({
  name: 'منزل.png',
  contentType,
  base64: bytes.toString('base64'),
});
type Visits = { supportCase: { homeVisits: { id: string; report?: Record<string, unknown> }[] } };

describe('home visits from a support case', () => {
  it('a branch representative schedules a visit and the beneficiary is told its date on their channel', async () => {
    const { id, phone } = await applyOnTheForm(t.runtime);
    const when = plan();
    const scheduled = await schedule(id, when, 'agent');
    expect(scheduled.status).toBe(201);
    expect(scheduled.body).toMatchObject({
      supportCase: {
        step: 'intake',
        homeVisits: [{ address: when.address, purpose: when.purpose, scheduledBy: 'u-agent' }],
      },
    });
    const text = lastSms(phone);
    expect(text).toContain(visitDateText(when.scheduledFor));
    expect(text).toContain('١٠:٣٠');
    expect((text ?? '').replace(/SND-\d{4}-\d+/, '')).not.toMatch(/[0-9]/);
    expect(text).toContain(when.purpose);
    const thread = await t.runtime.deps.store.getTicketWithThread(id);
    expect(thread?.events.find((event) => event.type === 'home_visit_scheduled')?.data).toMatchObject({
      purpose: when.purpose,
    });
  });

  it('tells the beneficiary in the words a supervisor reworded the visit notice to', async () => {
    const reworded = await fetch(`${t.runtime.url}/api/message-templates/home_visit_scheduled`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...as('supervisor') },
      body: JSON.stringify({ text: 'زيارة لطلب {reference} يوم {when}، والغرض {purpose}. {societyName}' }),
    });
    expect(reworded.status, await reworded.text()).toBe(200);
    const { id, phone } = await applyOnTheForm(t.runtime);
    const when = plan();
    expect((await schedule(id, when, 'agent')).status).toBe(201);
    const reference = (await t.runtime.deps.store.getTicket(id))?.reference;
    const text = lastSms(phone) ?? '';
    expect(
      text.startsWith(
        `زيارة لطلب ${reference} يوم ${visitDateText(when.scheduledFor)}، والغرض ${when.purpose}. `,
      ),
    ).toBe(true);
    expect(text).not.toContain('{');
  });

  it('refuses a visit in the past, a bad body, the manager (reads only) and the committee (not its queue)', async () => {
    const { id } = await applyOnTheForm(t.runtime);
    const past = await schedule(
      id,
      { ...plan(), scheduledFor: new Date(Date.now() - 60_000).toISOString() },
      'agent',
    );
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body)).toContain('في المستقبل');
    expect((await schedule(id, { ...plan(), scheduledFor: 'tomorrow' }, 'agent')).status).toBe(400);
    expect((await schedule(id, { ...plan(), address: '' }, 'agent')).status).toBe(400);
    expect((await schedule(id, { ...plan(), extra: 1 }, 'agent')).status).toBe(400);
    expect((await schedule(id, plan(), 'manager')).status).toBe(403);
    expect((await schedule(id, plan(), 'committee')).status).toBe(404);
    const inquiry = await postJson(`${t.runtime.url}/public/contact`, {
      name: 'سالم',
      phone: '0554440093',
      subject: 'سؤال',
      message: 'سؤال عن الدوام',
    });
    expect((await schedule(inquiry.body.ticketId as string, plan(), 'agent')).status).toBe(409);
    const stored = await t.runtime.deps.store.getTicket(id);
    expect(stored?.supportCase?.homeVisits).toBeUndefined();
  });

  it('a researcher records findings, photos and the location once; the photos are checked by their bytes', async () => {
    const { id } = await applyOnTheForm(t.runtime);
    const referred = await postJson(
      `${t.runtime.url}/api/tickets/${id}/case/refer_to_researcher`,
      { reason: 'تحتاج الأسرة دراسة ميدانية' },
      as('agent'),
    );
    expect(referred.status).toBe(200);
    const scheduled = await schedule(id, plan(), 'researcher');
    expect(scheduled.status).toBe(201);
    const visitId = (scheduled.body as unknown as Visits).supportCase.homeVisits[0]?.id as string;
    const findings = {
      findings: 'الأسرة في منزل مستأجر من غرفتين، والأب بلا عمل',
      location: { kind: 'gps', latitude: 24.7136, longitude: 46.6753, accuracyMetres: 12 },
      photos: [photo(TINY_PNG)],
    };

    // A PDF named and typed as a photo is not a photo.
    const disguised = await report(id, visitId, { ...findings, photos: [photo(TINY_PDF)] }, 'researcher');
    expect(disguised.status).toBe(400);
    expect(JSON.stringify(disguised.body)).toContain('ليس صورة');
    expect(
      (await report(id, visitId, { ...findings, location: { kind: 'gps', latitude: 200 } }, 'researcher'))
        .status,
    ).toBe(400);
    expect((await report(id, 'no-such-visit', findings, 'researcher')).status).toBe(404);
    expect((await report(id, visitId, findings, 'manager')).status).toBe(403);

    const done = await report(id, visitId, findings, 'researcher');
    expect(done.status).toBe(200);
    const visit = (done.body as unknown as Visits).supportCase.homeVisits[0];
    expect(visit?.report).toMatchObject({
      findings: findings.findings,
      location: { kind: 'gps', latitude: 24.7136, longitude: 46.6753 },
      photos: [{ contentType: 'image/png', size: TINY_PNG.length }],
      by: 'u-researcher',
    });
    expect((await report(id, visitId, findings, 'researcher')).status).toBe(409);

    // The findings and photo join the ticket as a note; the photo downloads like any attachment.
    const thread = await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.researcher);
    const messages = thread.body.messages as {
      id: string;
      direction: string;
      text: string;
      attachments: unknown[];
    }[];
    const note = messages.find(
      (message) => message.direction === 'note' && message.text.includes(findings.findings),
    );
    expect(note?.attachments).toHaveLength(1);
    const file = await fetch(`${t.runtime.url}/api/tickets/${id}/messages/${note?.id}/attachments/0`, {
      headers: as('researcher'),
    });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(TINY_PNG);
    const events = thread.body.events as { type: string; data: Record<string, unknown> }[];
    expect(events.filter((event) => event.type.startsWith('home_visit')).map((event) => event.type)).toEqual([
      'home_visit_scheduled',
      'home_visit_done',
    ]);
  });

  it('takes a typed place when the phone has no location fix', async () => {
    const { id } = await applyOnTheForm(t.runtime);
    const scheduled = await schedule(id, plan(), 'supervisor');
    const visitId = (scheduled.body as unknown as Visits).supportCase.homeVisits[0]?.id as string;
    const done = await report(
      id,
      visitId,
      {
        findings: 'لم نجد أحداً في المنزل',
        location: { kind: 'typed', description: 'أمام المنزل، حي النسيم' },
      },
      'agent',
    );
    expect(done.status).toBe(200);
    expect((done.body as unknown as Visits).supportCase.homeVisits[0]?.report).toMatchObject({
      location: { kind: 'typed', description: 'أمام المنزل، حي النسيم' },
      photos: [],
    });
  });
});
