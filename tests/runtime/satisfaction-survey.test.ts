import { describe, expect, it } from 'vitest';
import { offerSurvey } from '../../shared/use-cases/satisfaction-survey.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { logContact } from '../support/staff-runtime.ts';
import { applyOnTheForm } from '../support/support-request.ts';
import { useSurveyRuntime } from '../support/survey-runtime.ts';

const survey = useSurveyRuntime();
const {
  aPhone,
  answer,
  invitationsTo,
  resolveAndGetLink,
  setStatus,
  state,
  threadOf,
  ticketFromSms,
  tokens,
} = survey;

describe('the survey invitation on resolution', () => {
  it("sends one invitation on the beneficiary's channel, with a link to this server, recorded on the ticket", async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { link } = await resolveAndGetLink(ticketId, phone.e164);

    expect(link.startsWith(`${survey.runtime.url}/public/surveys/`)).toBe(true);
    const { ticket, messages, events } = await threadOf(ticketId);
    const invitation = messages.find((message) => message.text.includes(link));
    expect(invitation).toMatchObject({ direction: 'outbound', channel: 'sms', deliveryStatus: 'sent' });
    expect(invitation?.text).toContain(ticket.reference);
    expect(events.find((event) => event.type === 'survey_sent')?.data).toMatchObject({ channel: 'sms' });
    expect((await state(link.split('/').at(-1) ?? '')).body).toEqual({
      state: 'open',
      reference: ticket.reference,
    });
  });

  it('never sends a second: not when the ticket is closed after, nor reopened and resolved again', async () => {
    const { runtime } = survey;
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    await resolveAndGetLink(ticketId, phone.e164);

    await setStatus(ticketId, 'closed');
    await setStatus(ticketId, 'open');
    await setStatus(ticketId, 'resolved');
    // A retried event (SNS delivers at least once) is the same as a repeated one.
    await runtime.bus.publish({ kind: 'updated', ticketId, reference: '', queueId: 'x', at: '' });
    await runtime.settled();
    const offer = await offerSurvey({ ...runtime.deps, publicSiteUrl: runtime.url }, ticketId);

    expect(offer).toBe('already_offered');
    expect(invitationsTo(phone.e164)).toHaveLength(1);
    expect((await threadOf(ticketId)).events.filter((event) => event.type === 'survey_sent')).toHaveLength(1);
  });

  it('is sent when a ticket is closed straight from work, and when a support case is rejected', async () => {
    const { runtime } = survey;
    const phone = aPhone();
    const closed = await ticketFromSms(phone.e164);
    await setStatus(closed, 'closed');
    await runtime.settled();
    expect(invitationsTo(phone.e164)).toHaveLength(1);

    const applicant = aPhone();
    // A national id of its own: the walk-in below gives the demo one.
    const { id } = await applyOnTheForm(runtime, { phone: applicant.local, nationalId: '1000000016' });
    const step = (action: string, body: unknown, who: keyof typeof tokens) =>
      postJson(`${runtime.url}/api/tickets/${id}/case/${action}`, body, {
        authorization: `Bearer ${tokens[who]}`,
      });
    const checklist = { identityMatches: true, documentsPresent: true, dataConsistent: true };
    expect((await step('record_verification', { checklist }, 'supervisor')).status).toBe(200);
    expect((await step('send_to_committee', {}, 'supervisor')).status).toBe(200);
    const decided = await step('decide', { outcome: 'rejected', reason: 'الدخل أعلى من الحد' }, 'committee');
    expect(decided.body.status).toBe('resolved');
    await runtime.settled();
    expect(invitationsTo(applicant.e164)).toHaveLength(1);
  });

  it('is not sent where the beneficiary has no address, such as a walk-in without a phone', async () => {
    const { runtime } = survey;
    const logged = await logContact(runtime, tokens.supervisor, 'walk_in', 'walk-in-survey-1', {
      name: 'زائر',
      nationalId: '1000000008',
      text: 'استفسار عن مواعيد الدوام',
    });
    expect(logged.status).toBe(201);
    const ticketId = String(logged.body.ticketId);
    await setStatus(ticketId, 'resolved');
    await runtime.settled();

    expect(await offerSurvey({ ...runtime.deps, publicSiteUrl: runtime.url }, ticketId)).toBe('no_channel');
    expect((await threadOf(ticketId)).events.some((event) => event.type === 'survey_sent')).toBe(false);
  });
});

describe('results in the reports', () => {
  it('counts the answer in the overview: count and average of the day', async () => {
    const { runtime } = survey;
    await runtime.settled();
    const before = await getJson(`${runtime.url}/api/reports/overview`, tokens.manager);
    const { count: count0, average: average0 } = before.body.satisfaction as {
      count: number;
      average?: number;
    };
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { token } = await resolveAndGetLink(ticketId, phone.e164);

    expect((await answer(token, { score: 2 })).status).toBe(200);
    await runtime.settled();
    const after = await getJson(`${runtime.url}/api/reports/overview`, tokens.manager);

    expect(after.status).toBe(200);
    const expectedAverage = ((average0 ?? 0) * count0 + 2) / (count0 + 1);
    expect(after.body.satisfaction).toMatchObject({ count: count0 + 1 });
    expect((after.body.satisfaction as { average: number }).average).toBeCloseTo(expectedAverage, 6);
  });
});
