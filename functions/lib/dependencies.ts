import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { DEFAULT_MEDIA_MAX_BYTES } from '../../shared/domain/media.ts';
import type { TicketRouter } from '../../shared/domain/routing.ts';
import type { AcknowledgementLedger } from '../../shared/ports/acknowledgements.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import type { DeadLetters } from '../../shared/ports/dead-letters.ts';
import type { TicketEventPublisher } from '../../shared/ports/events.ts';
import type { FileLinks } from '../../shared/ports/file-links.ts';
import type { IdGenerator } from '../../shared/ports/ids.ts';
import type { MediaDownloader, MediaFetchQueue } from '../../shared/ports/media.ts';
import type { MessageStore } from '../../shared/ports/message-store.ts';
import type { MessageTemplateSource } from '../../shared/ports/message-templates.ts';
import type { ObjectStore } from '../../shared/ports/object-store.ts';
import type { OptOutStore } from '../../shared/ports/opt-outs.ts';
import type { OutboundSenders } from '../../shared/ports/outbound.ts';
import type { OutboxAlerts, OutboxStore, TextBudget } from '../../shared/ports/outbox.ts';
import type { ProfileDirectory } from '../../shared/ports/profiles.ts';
import type { QuarantineStore } from '../../shared/ports/quarantine.ts';
import type { RateLimiter } from '../../shared/ports/rate-limiter.ts';
import type { ReportStore } from '../../shared/ports/report-store.ts';
import type { Secrets } from '../../shared/ports/secrets.ts';
import type { StatusCodeStore } from '../../shared/ports/status-codes.ts';
import type { BusinessTime } from '../../shared/reports/business-time.ts';
import type { AssignmentSource } from '../../shared/routing/assignment.ts';
import { rulesRouter } from '../../shared/routing/rules-router.ts';
import { type BusinessCalendar, workingTimeBetween } from '../../shared/sla/business-calendar.ts';
import { DEFAULT_CALENDAR } from '../../shared/sla/defaults.ts';
import type { SlaSettingsSource } from '../../shared/sla/settings.ts';
import type { ReplyDeps } from '../../shared/use-cases/reply-to-ticket.ts';
import type { ReportDeps } from '../../shared/use-cases/reports.ts';
import type { SearchIndexDeps } from '../../shared/use-cases/search-index.ts';
import type { StaffDeps } from '../../shared/use-cases/staff-tickets.ts';
import { S3ObjectStore } from '../adapters/aws/s3-object-store.ts';
import { SnsTicketEventPublisher } from '../adapters/aws/sns-ticket-events.ts';
import { SqsDeadLetters } from '../adapters/aws/sqs-dead-letters.ts';
import { SqsMediaFetchQueue } from '../adapters/aws/sqs-media-queue.ts';
import { SsmSecrets } from '../adapters/aws/ssm-secrets.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { ConfigRepository } from '../adapters/dynamodb/config-repository.ts';
import { DynamoAcknowledgementLedger } from '../adapters/dynamodb/email-repository.ts';
import { InboxRepository } from '../adapters/dynamodb/inbox-repository.ts';
import { MessageRepository } from '../adapters/dynamodb/message-repository.ts';
import { DynamoRateLimiter, DynamoStatusCodeStore } from '../adapters/dynamodb/public-access-repository.ts';
import { QuarantineRepository } from '../adapters/dynamodb/quarantine-repository.ts';
import { RecordAttemptsRepository } from '../adapters/dynamodb/record-attempts-repository.ts';
import { ReportRepository } from '../adapters/dynamodb/report-repository.ts';
import { SearchIndexRepository } from '../adapters/dynamodb/search-index-repository.ts';
import { SurveyRepository } from '../adapters/dynamodb/survey-repository.ts';
import { TicketRepository } from '../adapters/dynamodb/ticket-repository.ts';
import { ulidGenerator } from '../adapters/ids.ts';
import { SignedFileLinks } from '../adapters/signed-file-links.ts';
import { SesEmailSender, sesMessageIdDomain } from '../channels/email/ses-sender.ts';
import {
  mediaMaxBytesFromEnv,
  ProviderMediaDownloader,
  providerUrlsFromEnv,
} from '../channels/media/provider-media.ts';
import { MessagingSender, WhatsAppSender } from '../channels/meta/graph-senders.ts';
import { GraphProfileDirectory } from '../channels/meta/profiles.ts';
import { SnsSmsSender } from '../channels/sms/sns-sms-sender.ts';
import { TelegramBotSender } from '../channels/telegram/bot-api-sender.ts';
import { createTokenVerifier, type TokenVerifier } from './auth.ts';
import { automaticMessageAdapters } from './outbox-alerts.ts';
import type { StreamConsumerDeps } from './stream-batch.ts';

/** Everything a handler needs, built once per runtime: AWS adapters in Lambda, local ones in `npm start`. */
export interface AppDependencies {
  store: TicketRepository;
  inbox: InboxRepository;
  searchIndex: SearchIndexRepository;
  clock: Clock;
  ids: IdGenerator;
  events: TicketEventPublisher;
  router: TicketRouter;
  verifier: TokenVerifier;
  /** This process as a writer of the table, for the intake's reservations. */
  writer: { id: string; sole: boolean };
  senders: OutboundSenders;
  objects: ObjectStore;
  deadLetters: DeadLetters;
  acknowledgements: AcknowledgementLedger;
  /** Where received mail is kept raw (SES's S3 action writes it in AWS); only the email functions have it. */
  rawMail?: ObjectStore;
  reports: ReportRepository;
  /** Working time between two instants; calendar time until the SLA business calendar is plugged in. */
  businessTime: BusinessTime;
  /** Routing rules, SLA policies and the business calendar. */
  config: ConfigRepository;
  sla: SlaSettingsSource;
  /** Texts of the automatic messages to beneficiaries (admins may reword them). */
  templates: MessageTemplateSource;
  assignment: AssignmentSource;
  /** Provider credentials (SSM parameters in AWS, the environment locally). */
  secrets: Secrets;
  /** Satisfaction surveys sent on resolution. */
  surveys: SurveyRepository;
  /** Counters that keep the public forms from being flooded (per client IP, per phone). */
  rateLimiter: RateLimiter;
  /** One-time codes of the public status page. */
  statusCodes: StatusCodeStore;
  /** Numbers that texted STOP (or إيقاف). */
  optOuts: OptOutStore;
  /** Automatic messages, recorded before they are sent and delivered until done. */
  outbox: OutboxStore;
  textBudget: TextBudget;
  outboxAlerts: OutboxAlerts;
  unconfirmedTextsPerDay: number;
  /** Received mail held back because DMARC failed. */
  quarantine: QuarantineStore;
  /** Changes to a stored message after intake (fetched files, edits, reactions). */
  messages: MessageStore;
  /** Received files waiting to be fetched from their providers. */
  mediaQueue: MediaFetchQueue;
  media: MediaDownloader;
  /** The cap on one received file (MEDIA_MAX_BYTES, 25 MB by default). */
  mediaMaxBytes: number;
  /** Names of Messenger and Instagram senders. */
  profiles: ProfileDirectory;
  /** Signed, expiring links to files sent by SMS. */
  fileLinks: FileLinks;
}

export const staffDeps = (deps: AppDependencies): StaffDeps => deps;
export const replyDeps = (deps: AppDependencies): ReplyDeps => deps;
export const reportDeps = (deps: AppDependencies): ReportDeps => deps;

/** Cognito's id tokens, checked against the user pool named by the environment. */
export function cognitoVerifier(store: Pick<TicketRepository, 'getStaffUser'>): TokenVerifier {
  const issuer = `https://cognito-idp.${requiredEnv('AWS_REGION')}.amazonaws.com/${requiredEnv('USER_POOL_ID')}`;
  return createTokenVerifier(
    {
      issuer,
      audience: requiredEnv('USER_POOL_CLIENT_ID'),
      jwks: { url: `${issuer}/.well-known/jwks.json` },
      maxLifetimeSeconds: Number(process.env.TOKEN_MAX_LIFETIME_SECONDS) || undefined,
    },
    store,
  );
}

/** Reports count business time on the society's calendar. */
export function businessTimeOf(calendar: BusinessCalendar): BusinessTime {
  return (from, to) => workingTimeBetween(calendar, from, to);
}

/** What the report aggregator uses, and nothing more. */
export interface ReportAggregatorDeps extends StreamConsumerDeps {
  reports: Pick<ReportStore, 'applyChange'>;
  /** Working time on the society's calendar as configured (admins may edit it), read per batch. */
  businessTime(): Promise<BusinessTime>;
}

/** What a platform supplies to the table's change consumers: the table and where poison records go. */
export interface StreamPlatform {
  db: DynamoDBDocumentClient;
  tableName: string;
  deadLetters: DeadLetters;
  clock?: Clock;
}

/**
 * The one place the aggregator's dependencies are made, for the Lambda and for `npm start` alike, so business
 * time cannot drift between them: always the calendar stored in the configuration, the default calendar until
 * an admin saves one.
 */
export function reportAggregatorDependencies(platform: StreamPlatform): ReportAggregatorDeps {
  const { db, tableName } = platform;
  const clock = platform.clock ?? systemClock;
  const now = () => clock.now();
  const sla = new ConfigRepository(db, tableName).slaSettings(DEFAULT_CALENDAR);
  return {
    reports: new ReportRepository(db, tableName, now),
    attempts: new RecordAttemptsRepository(db, tableName, now),
    deadLetters: platform.deadLetters,
    clock,
    businessTime: async () => businessTimeOf((await sla.load()).calendar),
  };
}

let awsAggregator: ReportAggregatorDeps | undefined;

/** The deployed aggregator's dependencies: environment read once, only the clients it uses. */
export function awsReportAggregatorDependencies(): ReportAggregatorDeps {
  awsAggregator ??= reportAggregatorDependencies({
    db: createDocumentClient(),
    tableName: requiredEnv('TABLE_NAME'),
    deadLetters: new SqsDeadLetters(requiredEnv('DEAD_LETTER_QUEUE_URL')),
  });
  return awsAggregator;
}

/** What the search indexer uses: the word index and the tickets and contacts it reads. */
export function searchIndexerDependencies(db: DynamoDBDocumentClient, tableName: string): SearchIndexDeps {
  return {
    searchIndex: new SearchIndexRepository(db, tableName),
    tickets: new TicketRepository(db, tableName),
  };
}

let awsSearchIndexer: SearchIndexDeps | undefined;

export function awsSearchIndexerDependencies(): SearchIndexDeps {
  awsSearchIndexer ??= searchIndexerDependencies(createDocumentClient(), requiredEnv('TABLE_NAME'));
  return awsSearchIndexer;
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

let aws: AppDependencies | undefined;

/** The Lambda composition root: environment read once, failing fast, clients kept for the container's life. */
export function awsDependencies(): AppDependencies {
  if (aws) return aws;
  const db = createDocumentClient();
  const tableName = requiredEnv('TABLE_NAME');
  const store = new TicketRepository(db, tableName);
  const config = new ConfigRepository(db, tableName);
  const secrets = new SsmSecrets(process.env.SECRETS_PARAMETER_PREFIX ?? '/sanad/secrets/');
  const objects = new S3ObjectStore(requiredEnv('ATTACHMENTS_BUCKET'));
  const region = requiredEnv('AWS_REGION');
  const urls = providerUrlsFromEnv();
  const pageToken = () => secrets.get('meta-page-access-token');
  // The HTTP API serves the links (PUBLIC_API_URL, set by the stack).
  const fileLinks = new SignedFileLinks(
    () => secrets.get('file-link-secret'),
    () => requiredEnv('PUBLIC_API_URL'),
  );
  aws = {
    store,
    inbox: new InboxRepository(db, requiredEnv('TABLE_NAME')),
    searchIndex: new SearchIndexRepository(db, requiredEnv('TABLE_NAME')),
    clock: systemClock,
    ids: ulidGenerator(),
    events: new SnsTicketEventPublisher(requiredEnv('TICKET_EVENTS_TOPIC_ARN')),
    router: rulesRouter(config.cachedRuleSet()),
    verifier: cognitoVerifier(store),
    // Lambda instances of a function run side by side: a reservation is another's until its lease runs out.
    writer: { id: ulid(), sole: false },
    senders: {
      sms: new SnsSmsSender(process.env.SMS_SENDER_ID, undefined, fileLinks),
      telegram: new TelegramBotSender(() => secrets.get('telegram-bot-token'), fetch, {
        apiUrl: urls.telegramApiUrl,
        objects,
      }),
      whatsapp: new WhatsAppSender(
        () => secrets.get('whatsapp-access-token'),
        () => secrets.get('whatsapp-phone-number-id'),
        fetch,
        { graphUrl: urls.metaGraphUrl, objects },
      ),
      messenger: new MessagingSender(pageToken, fetch, { graphUrl: urls.metaGraphUrl, objects }),
      instagram: new MessagingSender(pageToken, fetch, { graphUrl: urls.metaGraphUrl, objects }),
      ...(process.env.MAIL_FROM && {
        email: new SesEmailSender(
          {
            from: process.env.MAIL_FROM,
            replyTo: process.env.MAIL_REPLY_TO ?? process.env.MAIL_FROM,
            messageIdDomain: sesMessageIdDomain(region),
            configurationSet: process.env.SES_CONFIGURATION_SET,
          },
          objects,
        ),
      }),
    },
    objects,
    deadLetters: new SqsDeadLetters(requiredEnv('DEAD_LETTER_QUEUE_URL')),
    acknowledgements: new DynamoAcknowledgementLedger(db, tableName),
    rawMail: process.env.RAW_MAIL_BUCKET ? new S3ObjectStore(process.env.RAW_MAIL_BUCKET) : undefined,
    reports: new ReportRepository(db, requiredEnv('TABLE_NAME')),
    businessTime: businessTimeOf(DEFAULT_CALENDAR),
    config,
    sla: config.slaSettings(DEFAULT_CALENDAR),
    templates: config.messageTemplates(),
    assignment: store,
    secrets,
    surveys: new SurveyRepository(db, tableName),
    rateLimiter: new DynamoRateLimiter(db, tableName),
    statusCodes: new DynamoStatusCodeStore(db, tableName),
    ...automaticMessageAdapters(db, tableName),
    quarantine: new QuarantineRepository(db, tableName),
    messages: new MessageRepository(db, tableName),
    // Only the webhook functions are granted the queue (and told its URL); the others never enqueue.
    mediaQueue: new SqsMediaFetchQueue(process.env.MEDIA_FETCH_QUEUE_URL),
    media: new ProviderMediaDownloader(urls, secrets),
    mediaMaxBytes: mediaMaxBytesFromEnv(DEFAULT_MEDIA_MAX_BYTES),
    profiles: new GraphProfileDirectory(urls.metaGraphUrl, pageToken),
    fileLinks,
  };
  return aws;
}
