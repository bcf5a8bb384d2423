import { describe, expect, it } from 'vitest';
import { DAY, useSurveyRuntime } from '../support/survey-runtime.ts';

const survey = useSurveyRuntime();
const { aPhone, answer, receiveSms, resolveAndGetLink, smsTextsTo, state, threadOf, ticketFromSms } = survey;

describe('answering through the link', () => {
  it('records the score and comment on the ticket once; a second answer is gone (410)', async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { token } = await resolveAndGetLink(ticketId, phone.e164);

    // Direction controls would make the comment show other than it was written.
    const first = await answer(token, { score: 4, comment: '  تعامل راقٍ،\u202E والرد تأخر قليلاً  ' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'answered' });
    const { ticket, events } = await threadOf(ticketId);
    expect(ticket.satisfaction).toMatchObject({ score: 4, comment: 'تعامل راقٍ، والرد تأخر قليلاً' });
    expect(events.filter((event) => event.type === 'survey_answered')).toEqual([
      expect.objectContaining({ data: { score: 4, via: 'link', commented: true } }),
    ]);

    const again = await answer(token, { score: 1 });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({
      error: 'survey_answered',
      messageAr: expect.stringContaining('مرة واحدة'),
    });
    expect((await threadOf(ticketId)).ticket.satisfaction?.score).toBe(4);
    expect((await state(token)).body).toMatchObject({ state: 'answered' });
  });

  it('refuses bad fields with the field named, and an unknown token with 404', async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { token } = await resolveAndGetLink(ticketId, phone.e164);

    for (const body of [{}, { score: 0 }, { score: 6 }, { score: 2.5 }, { score: '5' }]) {
      const refused = await answer(token, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.fields).toEqual([
        expect.objectContaining({ field: 'score', messageAr: expect.any(String) }),
      ]);
    }
    const long = await answer(token, { score: 3, comment: 'ك'.repeat(1001) });
    expect(long.body.fields).toEqual([expect.objectContaining({ field: 'comment', code: 'too_long' })]);
    expect((await answer(token, { score: 3, extra: true })).status).toBe(400);
    expect((await state(token)).body.state).toBe('open');

    const unknown = 'A'.repeat(43);
    expect((await answer(unknown, { score: 5 })).status).toBe(404);
    expect((await state(unknown)).status).toBe(404);
    expect((await state('not-a-token')).status).toBe(404);
  });

  it('is gone (410) once the link has expired, 14 days after sending', async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { token } = await resolveAndGetLink(ticketId, phone.e164);

    survey.shiftClock(14 * DAY + 60_000);
    try {
      expect((await state(token)).body).toMatchObject({ state: 'expired' });
      const late = await answer(token, { score: 5 });
      expect(late.status).toBe(410);
      expect(late.body).toMatchObject({
        error: 'survey_expired',
        messageAr: expect.stringContaining('انتهت'),
      });
      // A digit reply is no longer a rating either: it is an ordinary message.
      await receiveSms(phone.e164, '5');
      await survey.runtime.settled();
    } finally {
      survey.shiftClock(0);
    }
    expect((await threadOf(ticketId)).ticket.satisfaction).toBeUndefined();
  });
});

describe('answering with a digit by SMS', () => {
  it('records the rating and thanks, making no ticket; the same SMS delivered again changes nothing', async () => {
    const { store } = survey.runtime.deps;
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    await resolveAndGetLink(ticketId, phone.e164);
    const contactId = (await threadOf(ticketId)).ticket.contactId;
    const ticketsBefore = await store.listContactTickets(contactId);

    const replyId = await receiveSms(phone.e164, ' ٥ ');
    await Promise.all([receiveSms(phone.e164, ' ٥ ', replyId), receiveSms(phone.e164, ' ٥ ', replyId)]);
    await survey.runtime.settled();

    const { ticket, events, messages } = await threadOf(ticketId);
    expect(ticket.satisfaction).toMatchObject({ score: 5 });
    expect(ticket.status).toBe('resolved');
    expect(events.filter((event) => event.type === 'survey_answered')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ score: 5, via: 'sms' }) }),
    ]);
    expect(messages.filter((message) => message.direction === 'inbound')).toHaveLength(1);
    expect(await store.listContactTickets(contactId)).toHaveLength(ticketsBefore.length);
    expect((await store.lookupInbound('sms', replyId, [])).guard).toBeUndefined();
    const thanks = smsTextsTo(phone.e164).filter((text) => text.startsWith('شكراً لكم، وصلنا تقييمكم'));
    expect(thanks).toEqual([expect.stringContaining(ticket.reference)]);
  });

  it('leaves any other text, or a digit with no open survey, to the intake as before', async () => {
    const { store } = survey.runtime.deps;
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    await resolveAndGetLink(ticketId, phone.e164);

    // Within a week of the resolution the sentence reopens the ticket, as any answer to it would.
    const sentence = await receiveSms(phone.e164, '5 أطفال');
    const guard = (await store.lookupInbound('sms', sentence, [])).guard;
    expect(guard?.outcome?.ticketId).toBe(ticketId);
    expect((await threadOf(ticketId)).ticket).toMatchObject({ status: 'open' });
    expect((await threadOf(ticketId)).ticket.satisfaction).toBeUndefined();

    // The conversation goes on: a digit now answers that, not the survey.
    const digitInConversation = await receiveSms(phone.e164, '3');
    expect((await store.lookupInbound('sms', digitInConversation, [])).guard?.outcome?.ticketId).toBe(
      guard?.outcome?.ticketId,
    );
    await survey.runtime.settled();
    expect((await threadOf(ticketId)).ticket.satisfaction).toBeUndefined();

    const stranger = aPhone();
    const digit = await receiveSms(stranger.e164, '4');
    expect((await store.lookupInbound('sms', digit, [])).guard).toBeDefined();
  });
});
