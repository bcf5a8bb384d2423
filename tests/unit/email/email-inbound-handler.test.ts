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
import { EscalationIndexRepository } from '../../../functions/adapters/dynamodb/escalation-index-repository.ts';
import { InboxRepository } from '../../../functions/adapters/dynamodb/inbox-repository.ts';
import { LiveConnectionRepository } from '../../../functions/adapters/dynamodb/live-connection-repository.ts';
import { MessageRepository } from '../../../functions/adapters/dynamodb/message-repository.ts';
import { OptOutRepository } from '../../../functions/adapters/dynamodb/opt-out-repository.ts';
import {
  DynamoTextBudget,
  OutboxRepository,
} from '../../../functions/adapters/dynamodb/outbox-repository.ts';
import {
  DynamoRateLimiter,
  DynamoStatusCodeStore,
} from '../../../functions/adapters/dynamodb/public-access-repository.ts';
import { QuarantineRepository } from '../../../functions/adapters/dynamodb/quarantine-repository.ts';
import { ReportRepository } from '../../../functions/adapters/dynamodb/report-repository.ts';
import { SearchIndexRepository } from '../../../functions/adapters/dynamodb/search-index-repository.ts';
import { SurveyRepository } from '../../../functions/adapters/dynamodb/survey-repository.ts';
import type { EmailDeliveryOutcome } from '../../../functions/channels/email/receive.ts';
import { SesEmailSender } from '../../../functions/channels/email/ses-sender.ts';
import { createEmailInboundHandler } from '../../../functions/handlers/email-inbound.ts';
import { createTokenVerifier } from '../../../functions/lib/auth.ts';
import type { AppDependencies } from '../../../functions/lib/dependencies.ts';
import { DEFAULT_UNCONFIRMED_TEXTS_PER_DAY, outboxAlerts } from '../../../functions/lib/outbox-alerts.ts';
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
  t = await startTestStore();
});
afterAll(async () => {
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
    rawMailPrefix: 'inbound/',
    sentMailDomain: 'eu-west-1.amazonses.com',
    publicSiteUrl: 'https://sanad.invalid',
    staffNotifier: { notify: async () => {} },
    escalationIndex: new EscalationIndexRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    connections: new LiveConnectionRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    pusher: { post: async () => 'gone', disconnect: async () => {} },
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
    optOuts: new OptOutRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    outbox: new OutboxRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    textBudget: new DynamoTextBudget(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    outboxAlerts,
    unconfirmedTextsPerDay: DEFAULT_UNCONFIRMED_TEXTS_PER_DAY,
    quarantine: new QuarantineRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    // Mail carries its files itself: nothing is fetched from a messaging provider here.
    messages: new MessageRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    mediaQueue: { enqueue: async () => {} },
    media: { download: async () => ({ kind: 'no_token' }) },
    mediaMaxBytes: 1,
    profiles: { displayName: async () => undefined },
    fileLinks: {
      link: async () => {
        throw new Error('Mail sends no file links');
      },
      verify: async () => undefined,
    },
  };
});

/** The SES event for one received mail, with the verdicts and SES message id the test is about. */
type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

function anSesEvent(
  changes: {
    messageId?: string;
    spam?: string;
    virus?: string;
    spf?: Verdict;
    dkim?: Verdict;
    dmarc?: Verdict;
    dmarcPolicy?: 'none' | 'quarantine' | 'reject';
    /** The envelope sender SES saw (what SPF checked). */
    source?: string;
    /** SES's own Authentication-Results (first of the headers), e.g. `dkim=pass header.i=@example.org`. */
    authenticationResults?: string;
  } = {},
): SESEvent {
  const event = structuredClone(sesEvent);
  const record = event.Records[0];
  if (!record) throw new Error('fixture has no record');
  const { mail, receipt } = record.ses;
  if (changes.messageId) mail.messageId = changes.messageId;
  if (changes.spam) receipt.spamVerdict.status = changes.spam as 'FAIL';
  if (changes.virus) receipt.virusVerdict.status = changes.virus as 'FAIL';
  if (changes.spf) receipt.spfVerdict.status = changes.spf;
  if (changes.dkim) receipt.dkimVerdict.status = changes.dkim;
  if (changes.dmarc) receipt.dmarcVerdict.status = changes.dmarc;
  // SES gives the policy only when DMARC failed.
  if (changes.dmarcPolicy) receipt.dmarcPolicy = changes.dmarcPolicy;
  else if (changes.dmarc) delete receipt.dmarcPolicy;
  if (changes.source) mail.source = changes.source;
  if (changes.authenticationResults !== undefined) {
    mail.headers = mail.headers.map((header) =>
      header.name === 'Authentication-Results'
        ? { ...header, value: `amazonses.com; ${changes.authenticationResults}` }
        : header,
    );
  }
  return event;
}

function storedRawMail(key: string, raw: Buffer) {
  s3.on(GetObjectCommand, { Bucket: 'sanad-raw-mail', Key: key }).resolves({
    Body: { transformToByteArray: async () => new Uint8Array(raw) } as never,
    ContentType: 'message/rfc822',
  });
}

const ticketIdOf = (outcome: EmailDeliveryOutcome | undefined) =>
  (outcome && 'ticketId' in outcome && outcome.ticketId) || '';

const invoke = (event: SESEvent) => createEmailInboundHandler(() => deps)(event, {} as Context);

describe('the SES receipt handler (Lambda action after the S3 action)', () => {
  it('reads the raw mail SES stored, opens a ticket and acknowledges it through SES', async () => {
    storedRawMail(RAW_KEY, gmailMail);
    const [outcome] = await invoke(anSesEvent());

    expect(outcome).toMatchObject({ outcome: 'created', acknowledgement: 'sent' });
    const ticketId = ticketIdOf(outcome);
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
    const ticketId = ticketIdOf(outcome);
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

/** The Gmail fixture as another delivery: its own Message-ID, optionally another From. */
function gmailVariant(tag: string, from = 'Umm.Khalid.1985@Gmail.com'): Buffer {
  return Buffer.from(
    gmailMail
      .toString('utf8')
      .replace('<CAF3p2+Qx8', `<${tag}-Qx8`)
      .replace('Umm.Khalid.1985@Gmail.com', from),
  );
}

describe("the SES receipt handler reads SES's SPF, DKIM and DMARC verdicts", () => {
  it('makes a DMARC-passing sender a verified identity', async () => {
    storedRawMail('inbound/pass-1', gmailVariant('pass-1', 'pass.one@gmail.com'));
    const [outcome] = await invoke(anSesEvent({ messageId: 'pass-1' }));

    expect(outcome).toMatchObject({ outcome: 'created', acknowledgement: 'sent' });
    const ticket = await t.store.getTicket(ticketIdOf(outcome));
    const contact = await t.store.getContact(ticket?.contactId ?? '');
    expect(contact?.identities).toEqual([
      { kind: 'email', value: 'pass.one@gmail.com', assurance: 'verified' },
    ]);
    expect(ticket?.tags).not.toContain('sender_not_verified');
  });

  it("quarantines a forged From failing DMARC: it does not join the beneficiary's ticket", async () => {
    storedRawMail('inbound/real-1', gmailVariant('real-1'));
    const [real] = await invoke(anSesEvent({ messageId: 'real-1' }));
    expect(real).toMatchObject({ outcome: expect.stringMatching(/created|appended/) });
    const before = await t.store.getTicketWithThread(ticketIdOf(real));
    const sent = ses.commandCalls(SendEmailCommand).length;

    // The same From (and a reply's headers and the reference), sent from elsewhere: Gmail's DMARC says no.
    const forged = Buffer.from(
      gmailVariant('forged-1')
        .toString('utf8')
        .replace(/^Subject: .*$/m, `Subject: Re: [#${before?.ticket.reference}]`)
        .replace(
          /^Message-ID: (.*)$/m,
          `Message-ID: $1\r\nIn-Reply-To: ${before?.messages[0]?.providerMessageId?.split('#')[0]}`,
        ),
    );
    storedRawMail('inbound/forged-1', forged);
    const [outcome] = await invoke(
      anSesEvent({
        messageId: 'forged-1',
        spf: 'FAIL',
        dkim: 'FAIL',
        dmarc: 'FAIL',
        dmarcPolicy: 'none',
        source: 'bulk@attacker.example',
        authenticationResults: 'spf=fail; dkim=fail; dmarc=fail header.from=gmail.com;',
      }),
    );

    expect(outcome).toMatchObject({ outcome: 'quarantined' });
    const after = await t.store.getTicketWithThread(ticketIdOf(real));
    expect(after?.messages).toHaveLength(before?.messages.length ?? -1);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(sent);
    const { items } = await deps.quarantine.listQuarantined({ limit: 5 });
    expect(items[0]).toMatchObject({
      from: 'umm.khalid.1985@gmail.com',
      rawRef: 'inbound/forged-1',
      authentication: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', dmarcPolicy: 'none' },
    });
  });

  it('verifies by aligned SPF when the From domain publishes no DMARC (GRAY)', async () => {
    storedRawMail('inbound/spf-1', gmailVariant('spf-1', 'father@small-charity.example'));
    const [outcome] = await invoke(
      anSesEvent({
        messageId: 'spf-1',
        dmarc: 'GRAY',
        dkim: 'GRAY',
        source: 'bounces@mail.small-charity.example',
        authenticationResults: 'spf=pass; dkim=none; dmarc=none',
      }),
    );
    const ticket = await t.store.getTicket(ticketIdOf(outcome));
    const contact = await t.store.getContact(ticket?.contactId ?? '');
    expect(contact?.identities[0]).toMatchObject({ assurance: 'verified' });
  });

  it("verifies by aligned DKIM from SES's own Authentication-Results when DMARC is GRAY", async () => {
    storedRawMail('inbound/dkim-1', gmailVariant('dkim-1', 'mother@family.example'));
    const [outcome] = await invoke(
      anSesEvent({
        messageId: 'dkim-1',
        dmarc: 'GRAY',
        spf: 'GRAY',
        authenticationResults: 'spf=none; dkim=pass header.i=@family.example; dmarc=none',
      }),
    );
    const ticket = await t.store.getTicket(ticketIdOf(outcome));
    const contact = await t.store.getContact(ticket?.contactId ?? '');
    expect(contact?.identities[0]).toMatchObject({ assurance: 'verified' });
  });

  it('opens a flagged ticket of its own for unaligned passes, PROCESSING_FAILED, and a forged results header', async () => {
    const cases: [string, Parameters<typeof anSesEvent>[0]][] = [
      // SPF and DKIM pass, but for the sender's own bulk domain, not the From domain.
      [
        'unaligned-1',
        {
          dmarc: 'GRAY',
          source: 'x@bulk-mailer.example',
          authenticationResults: 'spf=pass; dkim=pass header.d=bulk-mailer.example; dmarc=none',
        },
      ],
      ['failed-1', { dmarc: 'PROCESSING_FAILED', spf: 'PROCESSING_FAILED', dkim: 'PROCESSING_FAILED' }],
    ];
    for (const [tag, changes] of cases) {
      storedRawMail(`inbound/${tag}`, gmailVariant(tag, `${tag}@grey-domain.example`));
      const [outcome] = await invoke(anSesEvent({ messageId: tag, ...changes }));
      expect(outcome).toMatchObject({ outcome: 'created' });
      const ticket = await t.store.getTicket(ticketIdOf(outcome));
      expect(ticket?.tags).toContain('sender_not_verified');
      const contact = await t.store.getContact(ticket?.contactId ?? '');
      expect(contact?.identities[0]).toMatchObject({ assurance: 'claimed' });
    }

    // The sender's own Authentication-Results (below SES's) claims a DKIM pass for the From domain: ignored.
    const event = anSesEvent({ messageId: 'self-vouched-1', dmarc: 'GRAY', dkim: 'PASS' });
    const mail = event.Records[0]?.ses.mail;
    mail?.headers.push({
      name: 'Authentication-Results',
      value: 'amazonses.com; dkim=pass header.i=@grey-domain.example',
    });
    storedRawMail('inbound/self-vouched-1', gmailVariant('self-vouched-1', 'self@grey-domain.example'));
    const [outcome] = await invoke(event);
    const ticket = await t.store.getTicket(ticketIdOf(outcome));
    expect(ticket?.tags).toContain('sender_not_verified');
  });

  it('keeps one message per Message-ID and sender, but a different sender reusing it is not a duplicate', async () => {
    storedRawMail('inbound/dup-1', gmailVariant('dup-1', 'owner@gmail.com'));
    storedRawMail('inbound/dup-2', gmailVariant('dup-1', 'stranger@gmail.com'));
    const [first] = await invoke(anSesEvent({ messageId: 'dup-1' }));
    const [again] = await invoke(anSesEvent({ messageId: 'dup-1' }));
    const [other] = await invoke(anSesEvent({ messageId: 'dup-2' }));

    expect([first?.outcome, again?.outcome, other?.outcome]).toEqual(['created', 'duplicate', 'created']);
    expect(ticketIdOf(other)).not.toBe(ticketIdOf(first));
  });
});

describe('the SES receipt handler and bounces', () => {
  it('marks the bounced acknowledgement failed by the original headers in the DSN and opens no ticket', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0102019a8b7c6d5e-ack-bounced' });
    storedRawMail('inbound/to-bounce', gmailVariant('to-bounce', 'typo@gmail.example'));
    const [opened] = await invoke(anSesEvent({ messageId: 'to-bounce', dmarc: 'GRAY' }));
    expect(opened).toMatchObject({ outcome: 'created', acknowledgement: 'sent' });

    const dsn = readFileSync(join(FIXTURES, 'bounce-dsn-with-headers.eml'), 'utf8').replace(
      '{ORIGINAL_MESSAGE_ID}',
      '0102019a8b7c6d5e-ack-bounced@eu-west-1.amazonses.com',
    );
    storedRawMail('inbound/dsn-1', Buffer.from(dsn));
    const [outcome] = await invoke(
      anSesEvent({ messageId: 'dsn-1', source: '', dmarc: 'GRAY', spf: 'GRAY', dkim: 'GRAY' }),
    );

    expect(outcome).toEqual({ outcome: 'bounce', matched: true, ticketId: ticketIdOf(opened) });
    const thread = await t.store.getTicketWithThread(ticketIdOf(opened));
    expect(thread?.messages).toHaveLength(2);
    expect(thread?.messages[1]).toMatchObject({
      direction: 'outbound',
      deliveryStatus: 'failed',
      failureReason: 'Bounced: smtp; 550 5.1.1 User unknown',
    });
    const daemon = await t.store.lookupInbound('email', 'none', [
      { kind: 'email', value: 'mailer-daemon@mx.example.net' },
    ]);
    expect(daemon.contactIdsByIdentity.size).toBe(0);
  });

  it('opens no ticket for a bounce of mail it does not know (the fixture DSN names none)', async () => {
    storedRawMail('inbound/dsn-2', readFileSync(join(FIXTURES, 'bounce-dsn.eml')));
    const [outcome] = await invoke(anSesEvent({ messageId: 'dsn-2', source: '', dmarc: 'GRAY' }));
    expect(outcome).toEqual({ outcome: 'bounce', matched: false });
  });
});
