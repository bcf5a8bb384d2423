import { describe, expect, it } from 'vitest';
import { LOCAL_META_APP_SECRET, LOCAL_TELEGRAM_SECRET } from '../../infra/local/local-secrets.ts';
import { metaSignature, whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import { postJson } from '../support/runtime.ts';
import { DAY, useSurveyRuntime } from '../support/survey-runtime.ts';

const survey = useSurveyRuntime();
const { setStatus, threadOf } = survey;

describe('answering with a digit on Telegram', () => {
  const telegram = (update: unknown) =>
    postJson(`${survey.runtime.url}/webhooks/telegram`, update, {
      'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET,
    });
  const update = (updateId: number, text: string) => ({
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: 700998877, is_bot: false, first_name: 'هيا' },
      chat: { id: 700998877, first_name: 'هيا', type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  });
  const sentToChat = () =>
    survey.runtime.outbox
      .list('telegram')
      .map((entry) => JSON.parse(entry.payload) as { chat_id: string; text: string })
      .filter((request) => request.chat_id === '700998877');

  it('invites on Telegram, and a ٣ replied there answers the survey once and is thanked there', async () => {
    const created = await telegram(update(9100, 'مرحباً، أريد الاستفسار عن الدورات'));
    const ticketId = String(created.body.ticketId);
    await setStatus(ticketId, 'resolved');
    await survey.runtime.settled();
    expect(sentToChat().filter((request) => request.text.includes('/public/surveys/'))).toHaveLength(1);

    const answered = await telegram(update(9101, '٣'));
    const again = await telegram(update(9101, '٣'));

    expect(answered.body).toEqual({ outcome: 'survey_answered', ticketId });
    expect(again.body).toEqual({ outcome: 'survey_duplicate', ticketId });
    expect((await threadOf(ticketId)).ticket.satisfaction).toMatchObject({ score: 3 });
    await survey.runtime.settled();
    expect(sentToChat().filter((request) => request.text.startsWith('شكراً لكم، وصلنا تقييمكم'))).toHaveLength(
      1,
    );
  });
});

describe('the survey on WhatsApp', () => {
  const whatsapp = async (from: string, id: string, text: string, sentAt: Date) => {
    const body = JSON.stringify(
      whatsappWebhook({ waId: from, name: 'نوف' }, [
        {
          from,
          id,
          timestamp: String(Math.floor(sentAt.getTime() / 1000)),
          type: 'text',
          text: { body: text },
        },
      ]),
    );
    return postJson(
      `${survey.runtime.url}/webhooks/whatsapp`,
      body,
      metaSignature(body, LOCAL_META_APP_SECRET),
    );
  };
  const requestsTo = (phone: string) =>
    survey.runtime.outbox
      .list('whatsapp')
      .filter((entry) => entry.to === `+${phone}`)
      .map((entry) => JSON.parse(entry.payload) as Record<string, unknown>);
  const ticketOf = async (messageId: string) =>
    (await survey.runtime.deps.store.lookupInbound('whatsapp', messageId, [])).guard?.outcome?.ticketId ?? '';

  it('invites in free text inside the 24-hour window, and a ٢ replied on WhatsApp answers it', async () => {
    await whatsapp('966551239001', 'wamid.survey-1', 'السلام عليكم، متى يبدأ التسجيل؟', new Date());
    const ticketId = await ticketOf('wamid.survey-1');
    await setStatus(ticketId, 'resolved');
    await survey.runtime.settled();
    // One invitation, matched as a subset (toMatchObject on an array also checks its length).
    expect(requestsTo('966551239001')).toMatchObject([
      { type: 'text', text: { body: expect.stringContaining('/public/surveys/') } },
    ]);

    const reply = await whatsapp('966551239001', 'wamid.survey-2', '٢', new Date());
    expect(reply.body.outcomes).toEqual(['survey_answered']);
    expect((await threadOf(ticketId)).ticket.satisfaction).toMatchObject({ score: 2 });
  });

  it('invites through the approved template once the 24-hour window has closed', async () => {
    await whatsapp(
      '966551239002',
      'wamid.survey-3',
      'أحتاج معلومات عن برنامج الأسر المنتجة',
      new Date(Date.now() - 2 * DAY),
    );
    const ticketId = await ticketOf('wamid.survey-3');
    await setStatus(ticketId, 'resolved');
    await survey.runtime.settled();
    const { reference } = (await threadOf(ticketId)).ticket;
    expect(requestsTo('966551239002')).toMatchObject([
      {
        type: 'template',
        template: {
          name: 'survey_invitation',
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: reference },
                { type: 'text', text: expect.stringMatching(/\/public\/surveys\/[A-Za-z0-9_-]{43}$/) },
              ],
            },
          ],
        },
      },
    ]);
  });
});
