import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Context, SESEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../functions/adapters/aws/s3-object-store.ts';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/client.ts';
import { ConfigRepository } from '../../../functions/adapters/dynamodb/config-repository.ts';
import { DynamoAcknowledgementLedger } from '../../../functions/adapters/dynamodb/email-repository.ts';
import { InboxRepository } from '../../../functions/adapters/dynamodb/inbox-repository.ts';
import {
  DynamoRateLimiter,
  DynamoStatusCodeStore,
} from '../../../functions/adapters/dynamodb/public-access-repository.ts';
import { ReportRepository } from '../../../functions/adapters/dynamodb/report-repository.ts';
import { SearchIndexRepository } from '../../../functions/adapters/dynamodb/search-index-repository.ts';
import { SurveyRepository } from '../../../functions/adapters/dynamodb/survey-repository.ts';
import { SesEmailSender } from '../../../functions/channels/email/ses-sender.ts';
import { createEmailInboundHandler } from '../../../functions/handlers/email-inbound.ts';
import { createTokenVerifier } from '../../../functions/lib/auth.ts';
import type { AppDependencies } from '../../../functions/lib/dependencies.ts';
import { automaticMessageAdapters } from '../../../functions/lib/outbox-alerts.ts';
import { FolderDeadLetters } from '../../../infra/local/folder-dead-letters.ts';
import { calendarTime } from '../../../shared/reports/business-time.ts';
import { DEFAULT_CALENDAR } from '../../../shared/sla/defaults.ts';
import { startTestStore, type TestStore } from '../../support/store.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/email');
const sesEvent = JSON.parse(readFileSync(join(FIXTURES, 'ses-lambda-action-event.json'), 'utf8')) as SESEvent;
const gmailMail = readFileSync(join(FIXTURES, 'gmail-utf8-base64.eml'));
const RAW_KEY = `inbound/${sesEvent.Records[0]?.ses.mail.messageId}`;

const s3 = mockClient(S3Client);
const ses = mockClient(SESv2Client);
let t: TestStore;
let deps: AppDependencies;

beforeAll(async () => {
  process.env.RAW_MAIL_PREFIX = 'inbound/';
  t = await startTestStore();
});
afterAll(async () => {
  delete process.env.RAW_MAIL_PREFIX;
  await t.dynamo.close();
});
beforeEach(() => {
  s3.reset();
  ses.reset();
  s3.on(PutObjectCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: '0102019a8b7c6d5e-ack-000000' });
  const objects = new S3ObjectStore('sanad-attachments', new S3Client({}));
  const config = new ConfigRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test');
  deps = {
    ...t.deps,
    store: t.store,
    verifier: createTokenVerifier(
      { issuer: 'unused', audience: 'unused', jwks: { url: 'https://cognito.invalid/jwks.json' } },
      t.store,
    ),
    senders: {
      email: new SesEmailSender(
        {
          from: 'جمعية سند <support@sanad.org.sa>',
          replyTo: 'support@sanad.org.sa',
          messageIdDomain: 'eu-west-1.amazonses.com',
        },
        objects,
        new SESv2Client({}),
      ),
    },
    objects,
    deadLetters: new FolderDeadLetters(),
    acknowledgements: new DynamoAcknowledgementLedger(
      createDocumentClient(t.dynamo.clientConfig),
      'sanad-test',
    ),
    rawMail: new S3ObjectStore('sanad-raw-mail', new S3Client({})),
    reports: new ReportRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    businessTime: calendarTime,
    inbox: new InboxRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    searchIndex: new SearchIndexRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    config,
    sla: config.slaSettings(DEFAULT_CALENDAR),
    templates: config.messageTemplates(),
    assignment: t.store,
    secrets: { get: async () => undefined },
    surveys: new SurveyRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    rateLimiter: new DynamoRateLimiter(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    statusCodes: new DynamoStatusCodeStore(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    ...automaticMessageAdapters(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
  };
});

/** The SES event for one received mail, with the verdicts and SES message id the test is about. */
function anSesEvent(changes: { messageId?: string; spam?: string; virus?: string } = {}): SESEvent {
  const event = structuredClone(sesEvent);
  const record = event.Records[0];
  if (!record) throw new Error('fixture has no record');
  if (changes.messageId) record.ses.mail.messageId = changes.messageId;
  if (changes.spam) record.ses.receipt.spamVerdict.status = changes.spam as 'FAIL';
  if (changes.virus) record.ses.receipt.virusVerdict.status = changes.virus as 'FAIL';
  return event;
}

function storedRawMail(key: string, raw: Buffer) {
  s3.on(GetObjectCommand, { Bucket: 'sanad-raw-mail', Key: key }).resolves({
    Body: { transformToByteArray: async () => new Uint8Array(raw) } as never,
    ContentType: 'message/rfc822',
  });
}

const invoke = (event: SESEvent) => createEmailInboundHandler(() => deps)(event, {} as Context);

describe('the SES receipt handler (Lambda action after the S3 action)', () => {
  it('reads the raw mail SES stored, opens a ticket and acknowledges it through SES', async () => {
    storedRawMail(RAW_KEY, gmailMail);
    const [outcome] = await invoke(anSesEvent());

    expect(outcome).toMatchObject({ outcome: 'created', acknowledgement: 'sent' });
    const ticketId = outcome && 'ticketId' in outcome ? outcome.ticketId : '';
    const thread = await t.store.getTicketWithThread(ticketId);
    expect(thread?.ticket.subject).toBe('طلب مساعدة في سداد الإيجار');
    expect(thread?.messages[0]).toMatchObject({
      direction: 'inbound',
      subject: 'طلب مساعدة في سداد الإيجار',
    });
    expect(thread?.messages[1]).toMatchObject({
      direction: 'outbound',
      deliveryStatus: 'sent',
      providerMessageId: '<0102019a8b7c6d5e-ack-000000@eu-west-1.amazonses.com>',
    });
    const ack = await simpleParser(
      Buffer.from(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Raw?.Data ?? []),
    );
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.to).toMatchObject({ value: [{ address: 'umm.khalid.1985@gmail.com' }] });
  });

  it('threads a reply to the acknowledgement by the Message-ID SES gave it', async () => {
    const reply = Buffer.from(
      readFileSync(join(FIXTURES, 'gmail-reply-en.eml'), 'utf8')
        .replaceAll('{IN_REPLY_TO}', '0102019a8b7c6d5e-ack-000000@eu-west-1.amazonses.com')
        .replaceAll('{REFERENCE}', 'SND-0000-000000'),
    );
    storedRawMail('inbound/reply-1', reply);
    const [outcome] = await invoke(anSesEvent({ messageId: 'reply-1' }));
    expect(outcome).toMatchObject({ outcome: 'appended', acknowledgement: 'not_new_ticket' });
  });

  it('rejects mail with a virus verdict: not parsed, no ticket, nothing stored, nothing sent', async () => {
    storedRawMail('inbound/virus-1', gmailMail);
    const [outcome] = await invoke(anSesEvent({ messageId: 'virus-1', virus: 'FAIL' }));

    expect(outcome).toEqual({ outcome: 'rejected', reason: 'virus' });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('tags mail with a spam verdict and does not acknowledge it', async () => {
    const spam = Buffer.from(
      gmailMail
        .toString('utf8')
        .replace('<CAF3p2+Qx8', '<spam-1-Qx8')
        .replace('Umm.Khalid.1985', 'spam.sender'),
    );
    storedRawMail('inbound/spam-1', spam);
    const [outcome] = await invoke(anSesEvent({ messageId: 'spam-1', spam: 'FAIL' }));

    expect(outcome).toMatchObject({ outcome: 'created', acknowledgement: 'spam' });
    const ticketId = outcome && 'ticketId' in outcome ? outcome.ticketId : '';
    expect((await t.store.getTicket(ticketId))?.tags).toContain('spam');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('dead-letters a mail it cannot parse, pointing at the raw copy SES kept', async () => {
    storedRawMail('inbound/broken-1', readFileSync(join(FIXTURES, 'malformed.eml')));
    const [outcome] = await invoke(anSesEvent({ messageId: 'broken-1' }));

    expect(outcome).toEqual({ outcome: 'dead_lettered', reason: 'no_sender' });
    const letters = (deps.deadLetters as FolderDeadLetters).letters;
    expect(letters).toHaveLength(1);
    expect(JSON.parse(letters[0]?.payload ?? '{}')).toMatchObject({ rawRef: 'inbound/broken-1' });
  });

  it('dead-letters the SES record itself when the raw mail is not in the bucket', async () => {
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }),
    );
    const [outcome] = await invoke(anSesEvent({ messageId: 'lost-1' }));

    expect(outcome).toEqual({ outcome: 'dead_lettered', reason: 'raw_mail_missing' });
    const letter = (deps.deadLetters as FolderDeadLetters).letters[0];
    expect(JSON.parse(letter?.payload ?? '{}')).toMatchObject({ ses: { mail: { messageId: 'lost-1' } } });
  });
});
