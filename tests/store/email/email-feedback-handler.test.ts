import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryFeedbackOf } from '../../../functions/channels/email/feedback.ts';
import { createEmailFeedbackHandler } from '../../../functions/handlers/email-feedback.ts';
import type { AppDependencies } from '../../../functions/lib/dependencies.ts';
import { FolderDeadLetters } from '../../../infra/local/folder-dead-letters.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { ingestContact } from '../../../shared/use-cases/ingest-contact.ts';
import { anInboundContact } from '../../support/factories.ts';
import { anSnsEvent } from '../../support/sns.ts';
import { startTestStore, type TestStore } from '../../support/store.ts';

const bounce = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/email/ses-bounce-event.json'), 'utf8'),
) as { eventType: string; mail: { messageId: string } };

let t: TestStore;
let deadLetters: FolderDeadLetters;
let invoke: (event: SNSEvent) => Promise<void>;

beforeAll(async () => {
  t = await startTestStore();
  deadLetters = new FolderDeadLetters();
  const deps = {
    ...t.deps,
    store: t.store,
    deadLetters,
    sentMailDomain: 'eu-west-1.amazonses.com',
  } as unknown as AppDependencies;
  invoke = (event) => createEmailFeedbackHandler(() => deps)(event, {} as Context);
});
afterAll(async () => {
  await t.dynamo.close();
});

const feedbackEvent = (message: string) => anSnsEvent(message, 'sanad-email-feedback');

/** A ticket with one mail we sent through SES, whose wire Message-ID names `sesId`. */
async function aSentMail(sesId: string): Promise<{ ticketId: string; messageId: string }> {
  const created = await ingestContact(t.deps, anInboundContact());
  const ticket = await t.store.getTicket(created.ticketId);
  if (!ticket) throw new Error('no ticket');
  const message: Message = {
    id: t.deps.ids.next(),
    ticketId: ticket.id,
    direction: 'outbound',
    channel: 'email',
    authorId: 'u-agent',
    authorName: 'Agent',
    text: 'reply',
    attachments: [],
    createdAt: new Date().toISOString(),
    providerMessageId: `<${sesId}@eu-west-1.amazonses.com>`,
    deliveryStatus: 'sent',
  };
  await t.store.addMessage(ticket, message, []);
  return { ticketId: ticket.id, messageId: message.id };
}

const messageOf = async (sent: { ticketId: string; messageId: string }) =>
  (await t.store.getTicketWithThread(sent.ticketId))?.messages.find(
    (message) => message.id === sent.messageId,
  );

describe('SES sending events for the mail we sent', () => {
  it('marks a bounced reply failed with the bounce type and the MTA diagnostic', async () => {
    const sent = await aSentMail(bounce.mail.messageId);
    await invoke(feedbackEvent(JSON.stringify(bounce)));

    expect(await messageOf(sent)).toMatchObject({
      deliveryStatus: 'failed',
      failureReason: 'Bounced (Permanent/General): smtp; 550 5.1.1 user unknown',
    });
  });

  it('marks a delivered reply delivered, and a complaint as an event on the ticket', async () => {
    const sent = await aSentMail('0102019a-delivered-000000');
    const mail = { messageId: '0102019a-delivered-000000' };
    await invoke(
      feedbackEvent(JSON.stringify({ eventType: 'Delivery', mail, delivery: { recipients: ['x@y'] } })),
    );
    expect((await messageOf(sent))?.deliveryStatus).toBe('delivered');

    await invoke(
      feedbackEvent(
        JSON.stringify({
          notificationType: 'Complaint',
          mail,
          complaint: { complaintFeedbackType: 'abuse' },
        }),
      ),
    );
    const thread = await t.store.getTicketWithThread(sent.ticketId);
    expect(thread?.events.find((event) => event.type === 'email_complaint')?.data).toMatchObject({
      messageId: sent.messageId,
      reason: 'Marked as spam by the recipient (abuse)',
    });
  });

  it('ignores events it does not track and dead-letters what is not an SES event', async () => {
    expect(
      deliveryFeedbackOf(JSON.stringify({ eventType: 'Open', mail: { messageId: 'x' } })),
    ).toBeUndefined();
    await invoke(feedbackEvent('not json'));
    expect(deadLetters.letters.at(-1)).toMatchObject({ source: 'email-feedback', payload: 'not json' });
  });
});
