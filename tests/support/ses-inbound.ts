import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Context, SESEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { S3ObjectStore } from '../../functions/adapters/aws/s3-object-store.ts';
import { AnnouncementRepository } from '../../functions/adapters/dynamodb/announcement-repository.ts';
import { AnswerRepository } from '../../functions/adapters/dynamodb/answer-repository.ts';
import { AuditRepository } from '../../functions/adapters/dynamodb/audit-repository.ts';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import { DynamoAcknowledgementLedger } from '../../functions/adapters/dynamodb/email-repository.ts';
import { EscalationIndexRepository } from '../../functions/adapters/dynamodb/escalation-index-repository.ts';
import { InboxRepository } from '../../functions/adapters/dynamodb/inbox-repository.ts';
import { LiveConnectionRepository } from '../../functions/adapters/dynamodb/live-connection-repository.ts';
import { MessageRepository } from '../../functions/adapters/dynamodb/message-repository.ts';
import { NotificationRepository } from '../../functions/adapters/dynamodb/notification-repository.ts';
import { OptOutRepository } from '../../functions/adapters/dynamodb/opt-out-repository.ts';
import { DynamoTextBudget, OutboxRepository } from '../../functions/adapters/dynamodb/outbox-repository.ts';
import { DynamoStatusCodeStore } from '../../functions/adapters/dynamodb/public-access-repository.ts';
import { QuarantineRepository } from '../../functions/adapters/dynamodb/quarantine-repository.ts';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter.ts';
import { ReminderAgendaRepository } from '../../functions/adapters/dynamodb/reminder-agenda-repository.ts';
import { ReportRepository } from '../../functions/adapters/dynamodb/report-repository.ts';
import { SearchIndexRepository } from '../../functions/adapters/dynamodb/search-index-repository.ts';
import { SocietyProfileRepository } from '../../functions/adapters/dynamodb/society-profile-repository.ts';
import { SurveyRepository } from '../../functions/adapters/dynamodb/survey-repository.ts';
import { UploadLinkRepository } from '../../functions/adapters/dynamodb/upload-link-repository.ts';
import { SignedStatusLinks } from '../../functions/adapters/signed-status-links.ts';
import { SesEmailSender } from '../../functions/channels/email/ses-sender.ts';
import { createEmailInboundHandler } from '../../functions/handlers/email-inbound.ts';
import { createTokenVerifier } from '../../functions/lib/auth.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import type { EmailDeliveryOutcome } from '../../functions/lib/email-delivery.ts';
import { DEFAULT_UNCONFIRMED_TEXTS_PER_DAY, outboxAlerts } from '../../functions/lib/outbox-alerts.ts';
import { FolderDeadLetters } from '../../infra/local/folder-dead-letters.ts';
import { localAnswerMatcher } from '../../shared/domain/answer-matching.ts';
import { calendarTime } from '../../shared/reports/business-time.ts';
import { DEFAULT_CALENDAR } from '../../shared/sla/defaults.ts';
import { REMINDER_SCHEDULE } from '../../shared/workflow/case-reminders.ts';
import { startTestStore, type TestStore } from './store.ts';

export const FIXTURES = join(import.meta.dirname, '../fixtures/email');
const sesEvent = JSON.parse(readFileSync(join(FIXTURES, 'ses-lambda-action-event.json'), 'utf8')) as SESEvent;
export const gmailMail = readFileSync(join(FIXTURES, 'gmail-utf8-base64.eml'));
export const RAW_KEY = `inbound/${sesEvent.Records[0]?.ses.mail.messageId}`;

/** The Gmail fixture as another delivery: its own Message-ID, optionally another From. */
export function gmailVariant(tag: string, from = 'Umm.Khalid.1985@Gmail.com'): Buffer {
  return Buffer.from(
    gmailMail
      .toString('utf8')
      .replace('<CAF3p2+Qx8', `<${tag}-Qx8`)
      .replace('Umm.Khalid.1985@Gmail.com', from),
  );
}

/** The SES event for one received mail, with the verdicts and SES message id the test is about. */
type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

export function anSesEvent(
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
  if (changes.source !== undefined) mail.source = changes.source;
  if (changes.authenticationResults !== undefined) {
    mail.headers = mail.headers.map((header) =>
      header.name === 'Authentication-Results'
        ? { ...header, value: `amazonses.com; ${changes.authenticationResults}` }
        : header,
    );
  }
  return event;
}

/**
 * The email-inbound Lambda over a dynalite store for the test file, with S3 and SES mocked: `storedRawMail` puts
 * a mail where SES's S3 action would have, `invoke` runs the handler on an SES event.
 */
export function useSesInbound() {
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
    const db = createDocumentClient(t.dynamo.clientConfig);
    const config = new ConfigRepository(db, 'sanad-test');
    deps = {
      ...t.deps,
      store: t.store,
      branches: config.cachedBranches(0),
      cannedAnswers: config.cachedCannedAnswers(0),
      whatsappTemplates: config.cachedWhatsAppTemplates(0),
      macros: config.cachedMacros(0),
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
      acknowledgements: new DynamoAcknowledgementLedger(db, 'sanad-test'),
      rawMail: new S3ObjectStore('sanad-raw-mail', new S3Client({})),
      rawMailPrefix: 'inbound/',
      sentMailDomain: 'eu-west-1.amazonses.com',
      publicSiteUrl: 'https://sanad.invalid',
      publicApiUrl: 'https://api.sanad.invalid',
      answers: new AnswerRepository(db, 'sanad-test'),
      answerMatcher: localAnswerMatcher,
      documents: config,
      societyProfile: new SocietyProfileRepository(db, 'sanad-test'),
      statusLinks: new SignedStatusLinks(
        async () => 'test-link-secret',
        () => 'https://sanad.invalid',
      ),
      uploadLinks: new UploadLinkRepository(db, 'sanad-test'),
      staffNotifier: { notify: async () => {} },
      staffDirectory: t.store,
      staffMail: {
        mailer: { send: async () => {} },
        societyProfile: new SocietyProfileRepository(db, 'sanad-test'),
        inboxUrl: 'https://sanad.invalid',
      },
      escalationIndex: new EscalationIndexRepository(db, 'sanad-test'),
      reminderAgenda: new ReminderAgendaRepository(db, 'sanad-test'),
      reminderSchedule: REMINDER_SCHEDULE,
      connections: new LiveConnectionRepository(db, 'sanad-test'),
      pusher: { post: async () => 'gone', disconnect: async () => {} },
      reports: new ReportRepository(db, 'sanad-test'),
      businessTime: calendarTime,
      inbox: new InboxRepository(db, 'sanad-test'),
      searchIndex: new SearchIndexRepository(db, 'sanad-test'),
      config,
      sla: config.slaSettings(DEFAULT_CALENDAR),
      templates: config.messageTemplates(),
      assignment: t.store.directory,
      secrets: { get: async () => undefined },
      surveys: new SurveyRepository(db, 'sanad-test'),
      rateLimiter: new DynamoRateLimiter(db, 'sanad-test'),
      statusCodes: new DynamoStatusCodeStore(db, 'sanad-test'),
      statusCodeAnswerMs: 0,
      optOuts: new OptOutRepository(db, 'sanad-test'),
      beneficiaries: new AnnouncementRepository(db, 'sanad-test'),
      campaigns: new AnnouncementRepository(db, 'sanad-test'),
      outbox: new OutboxRepository(db, 'sanad-test'),
      textBudget: new DynamoTextBudget(db, 'sanad-test'),
      outboxAlerts,
      unconfirmedTextsPerDay: DEFAULT_UNCONFIRMED_TEXTS_PER_DAY,
      quarantine: new QuarantineRepository(db, 'sanad-test'),
      // Mail carries its files itself: nothing is fetched from a messaging provider here.
      messages: new MessageRepository(db, 'sanad-test'),
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
      staffAccounts: {
        invite: async () => {
          throw new Error('Mail intake invites nobody');
        },
        update: async () => {
          throw new Error('Mail intake changes no account');
        },
      },
      audit: new AuditRepository(db, 'sanad-test'),
      notifications: new NotificationRepository(db, 'sanad-test'),
    };
  });

  function storedRawMail(key: string, raw: Buffer) {
    s3.on(GetObjectCommand, { Bucket: 'sanad-raw-mail', Key: key }).resolves({
      Body: { transformToByteArray: async () => new Uint8Array(raw) } as never,
      ContentType: 'message/rfc822',
    });
  }

  const ticketIdOf = (outcome: EmailDeliveryOutcome | undefined) =>
    (outcome && 'ticketId' in outcome && outcome.ticketId) || '';

  const invoke = (event: SESEvent) => createEmailInboundHandler(() => deps)(event, {} as Context);

  return {
    s3,
    ses,
    storedRawMail,
    ticketIdOf,
    invoke,
    get store() {
      return t.store;
    },
    get deps() {
      return deps;
    },
  };
}
