import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TicketRouter } from '../../shared/domain/routing.ts';
import type { AcknowledgementLedger } from '../../shared/ports/acknowledgements.ts';
import type { BeneficiaryRegistry, CampaignStore } from '../../shared/ports/announcements.ts';
import type { AnswerMatcher } from '../../shared/ports/answers.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { BranchSource } from '../../shared/ports/branches.ts';
import type { CannedAnswerSource } from '../../shared/ports/canned-answers.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import type { DeadLetters } from '../../shared/ports/dead-letters.ts';
import type { EscalationIndex } from '../../shared/ports/escalation-index.ts';
import type { TicketEventPublisher } from '../../shared/ports/events.ts';
import type { FileLinks } from '../../shared/ports/file-links.ts';
import type { IdGenerator } from '../../shared/ports/ids.ts';
import type { LiveConnectionStore, LivePusher } from '../../shared/ports/live-connections.ts';
import type { MacroSource } from '../../shared/ports/macros.ts';
import type { MediaDownloader, MediaFetchQueue } from '../../shared/ports/media.ts';
import type { MessageStore } from '../../shared/ports/message-store.ts';
import type { MessageTemplateSource } from '../../shared/ports/message-templates.ts';
import type { NotificationStore } from '../../shared/ports/notifications.ts';
import type { ObjectStore } from '../../shared/ports/object-store.ts';
import type { OptOutStore } from '../../shared/ports/opt-outs.ts';
import type { OutboundSenders } from '../../shared/ports/outbound.ts';
import type { OutboxAlerts, OutboxStatusReader, OutboxStore, TextBudget } from '../../shared/ports/outbox.ts';
import type { ProfileDirectory } from '../../shared/ports/profiles.ts';
import type { QuarantineStore } from '../../shared/ports/quarantine.ts';
import type { RateLimiter } from '../../shared/ports/rate-limiter.ts';
import type { ReminderAgenda } from '../../shared/ports/reminder-agenda.ts';
import type { ReportStore } from '../../shared/ports/report-store.ts';
import type { Secrets } from '../../shared/ports/secrets.ts';
import type { SocietyDocumentStore } from '../../shared/ports/society-documents.ts';
import type { StaffAccounts } from '../../shared/ports/staff-accounts.ts';
import type { StaffNotifier } from '../../shared/ports/staff-notifier.ts';
import type { StatusCodeStore } from '../../shared/ports/status-codes.ts';
import type { StatusLinks } from '../../shared/ports/status-links.ts';
import type { UploadLinkStore } from '../../shared/ports/upload-links.ts';
import type { WhatsAppTemplateSource } from '../../shared/ports/whatsapp-templates.ts';
import type { BusinessTime } from '../../shared/reports/business-time.ts';
import type { AssignmentSource } from '../../shared/routing/assignment.ts';
import { type BusinessCalendar, workingTimeBetween } from '../../shared/sla/business-calendar.ts';
import { DEFAULT_CALENDAR } from '../../shared/sla/defaults.ts';
import type { SlaSettingsSource } from '../../shared/sla/settings.ts';
import type { NotificationDeps, StaffNoticeMail } from '../../shared/use-cases/notification-centre.ts';
import type { ReplyDeps } from '../../shared/use-cases/reply-to-ticket.ts';
import type { ReportDeps } from '../../shared/use-cases/reports.ts';
import type { SearchIndexDeps } from '../../shared/use-cases/search-index.ts';
import { sendersNamingSociety, templatesNamingSociety } from '../../shared/use-cases/society-profile.ts';
import type { StaffDeps } from '../../shared/use-cases/staff-tickets.ts';
import type { ReminderSchedule } from '../../shared/workflow/case-reminders.ts';
import type { AnswerRepository } from '../adapters/dynamodb/answer-repository.ts';
import { ConfigRepository } from '../adapters/dynamodb/config-repository.ts';
import type { InboxRepository } from '../adapters/dynamodb/inbox-repository.ts';
import { RecordAttemptsRepository } from '../adapters/dynamodb/record-attempts-repository.ts';
import { ReportRepository } from '../adapters/dynamodb/report-repository.ts';
import { SearchIndexRepository } from '../adapters/dynamodb/search-index-repository.ts';
import { SocietyProfileRepository } from '../adapters/dynamodb/society-profile-repository.ts';
import type { SurveyRepository } from '../adapters/dynamodb/survey-repository.ts';
import { TicketRepository } from '../adapters/dynamodb/ticket-repository.ts';
import { builtOnFirstUse, type Platform } from '../platform/platform.ts';
import type { TokenVerifier } from './auth.ts';
import { correlatedEvents, correlatedSenders, currentCorrelationId } from './observability.ts';
import type { StreamConsumerDeps } from './stream-batch.ts';

/** Everything a handler may need. Built by `buildDependencies`, each member on first use. */
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
  /** Where received mail is kept raw (SES's S3 action writes it in AWS), under `rawMailPrefix`. */
  rawMail: ObjectStore;
  rawMailPrefix: string;
  /** The domain in the Message-IDs of the mail we send, for matching delivery feedback. */
  sentMailDomain: string;
  reports: ReportRepository;
  /** Working time between two instants on the society's default calendar. */
  businessTime: BusinessTime;
  /** Routing rules, SLA policies and the business calendar. */
  config: ConfigRepository;
  sla: SlaSettingsSource;
  /** Texts of the automatic messages to beneficiaries (admins may reword them). */
  templates: MessageTemplateSource;
  assignment: AssignmentSource;
  /** The society's branches (kept by admins in `config`), cached like the other configuration. */
  branches: BranchSource;
  /** Canned answers for the composer (kept by supervisors and admins in `config`), cached. */
  cannedAnswers: CannedAnswerSource;
  /** The society's WhatsApp templates (kept by admins in `config`), cached like the other configuration. */
  whatsappTemplates: WhatsAppTemplateSource;
  /** The society's macros (kept by admins in `config`), cached like the other configuration. */
  macros: MacroSource;
  /** Provider credentials (SSM parameters in AWS, the environment locally). */
  secrets: Secrets;
  /** Satisfaction surveys sent on resolution. */
  surveys: SurveyRepository;
  /** Where beneficiaries' links (surveys) point. */
  publicSiteUrl: string;
  /** Where the public reaches the HTTP API (a survey slip's short link). */
  publicApiUrl: string;
  /** Counters that keep the public forms from being flooded (per client IP, per phone). */
  rateLimiter: RateLimiter;
  /** One-time codes of the public status page. */
  statusCodes: StatusCodeStore;
  /** Signed links to the status page, put in the messages that name a reference. */
  statusLinks: StatusLinks;
  /** Single-use links through which an applicant told "documents missing" uploads them. */
  uploadLinks: UploadLinkStore;
  /** The knowledge base of answers to common questions, and how often each helped. */
  answers: AnswerRepository;
  /** Finds the answer a beneficiary's question calls for (the local matcher; a Bedrock one could replace it). */
  answerMatcher: AnswerMatcher;
  /** The society's uploaded documents (bylaws, guides, the request form) that answers link. */
  documents: SocietyDocumentStore;
  /** The society's name, logo, colour, contacts and hours. */
  societyProfile: SocietyProfileRepository;
  /** Numbers that texted STOP (or إيقاف). */
  optOuts: OptOutStore;
  /** Registered families, and the announcements sent to them. */
  beneficiaries: BeneficiaryRegistry;
  campaigns: CampaignStore;
  /** Automatic messages, recorded before they are sent and delivered until done. */
  outbox: OutboxStore & OutboxStatusReader;
  textBudget: TextBudget;
  outboxAlerts: OutboxAlerts;
  unconfirmedTextsPerDay: number;
  statusCodeAnswerMs: number;
  /** Received mail held back because DMARC failed. */
  quarantine: QuarantineStore;
  /** Changes to a stored message after intake (fetched files, edits, reactions). */
  messages: MessageStore;
  /** Received files waiting to be fetched from their providers. */
  mediaQueue: MediaFetchQueue;
  media: MediaDownloader;
  /** The cap on one received file. */
  mediaMaxBytes: number;
  /** Names of Messenger and Instagram senders. */
  profiles: ProfileDirectory;
  /** Signed, expiring links to files sent by SMS. */
  fileLinks: FileLinks;
  /** Who is told of warnings and breaches: their notification centre, and email for those who asked. */
  staffNotifier: StaffNotifier;
  /** Each person's notification centre. */
  notifications: NotificationStore;
  staffDirectory: NonNullable<NotificationDeps['staffDirectory']>;
  staffMail: StaffNoticeMail;
  escalationIndex: EscalationIndex;
  /** When each support case next needs the reminder sweep, and the society's reminder days. */
  reminderAgenda: ReminderAgenda;
  reminderSchedule: ReminderSchedule;
  /** Open inbox connections and the API that posts to them. */
  connections: LiveConnectionStore;
  pusher: LivePusher;
  /** Staff sign-in accounts (Cognito in AWS, the local identity provider in `npm start`). */
  staffAccounts: StaffAccounts;
  /** Who changed which setting. */
  audit: AuditLog;
}

export const staffDeps = (deps: AppDependencies): StaffDeps => deps;
export const replyDeps = (deps: AppDependencies): ReplyDeps => deps;
export const reportDeps = (deps: AppDependencies): ReportDeps => deps;

/** Reports count business time on the society's calendar. */
export function businessTimeOf(calendar: BusinessCalendar): BusinessTime {
  return (from, to) => workingTimeBetween(calendar, from, to);
}

/** The members only some functions use, each built by a part (`dependency-parts.ts`) their handler names. */
const PART_MEMBERS = [
  'inbox',
  'searchIndex',
  'reports',
  'rateLimiter',
  'statusCodes',
  'uploadLinks',
  'beneficiaries',
  'campaigns',
  'quarantine',
  'escalationIndex',
  'reminderAgenda',
  'connections',
  'audit',
  'router',
  'answerMatcher',
  'statusLinks',
  'media',
  'profiles',
  'staffNotifier',
  'outbox',
  'textBudget',
  'surveys',
  'messages',
  'answers',
  'acknowledgements',
  'notifications',
  'optOuts',
] as const;
type PartMember = (typeof PART_MEMBERS)[number];

/** Members a function has only by naming them, so that it bundles only the repositories and services it uses. */
export interface DependencyPart {
  members: { [K in PartMember]?: (platform: Platform, deps: AppDependencies) => AppDependencies[K] };
}

/**
 * The one composition root, for every Lambda and for `npm start`: the repositories on the platform's table and
 * the platform's adapters, each built the first time a handler reaches for it; the members of `PART_MEMBERS`
 * come from the named parts (`npm start` names every one).
 */
export function buildDependencies(
  platform: Platform,
  ...parts: readonly Partial<DependencyPart>[]
): AppDependencies {
  const { db, tableName } = platform;
  const named: DependencyPart['members'] = Object.assign({}, ...parts.map((part) => part.members));
  const fromPart =
    <K extends PartMember>(member: K) =>
    (): AppDependencies[K] => {
      const build = named[member];
      if (!build) throw new Error(`This function uses ${member}: its handler names no part with it`);
      return build(platform, deps);
    };
  const partMembers = Object.fromEntries(PART_MEMBERS.map((member) => [member, fromPart(member)])) as {
    [K in PartMember]: () => AppDependencies[K];
  };
  const deps: AppDependencies = builtOnFirstUse<AppDependencies>({
    ...partMembers,
    store: () => new TicketRepository(db, tableName, currentCorrelationId),
    clock: () => platform.clock,
    ids: () => platform.ids,
    events: () => correlatedEvents(platform.events()),
    verifier: () => platform.verifier(deps.store),
    writer: () => platform.writer,
    senders: () => correlatedSenders(sendersNamingSociety(platform.senders(), deps)),
    objects: () => platform.objects(),
    deadLetters: () => platform.deadLetters(),
    rawMail: () => platform.rawMail(),
    rawMailPrefix: () => platform.rawMailPrefix(),
    sentMailDomain: () => platform.sentMailDomain(),
    businessTime: () => businessTimeOf(DEFAULT_CALENDAR),
    config: () => new ConfigRepository(db, tableName),
    sla: () => deps.config.slaSettings(DEFAULT_CALENDAR, platform.configCacheMs),
    templates: () => templatesNamingSociety(deps.config.messageTemplates(platform.configCacheMs), deps),
    assignment: () => deps.store.directory.cachedAssignmentSource(platform.configCacheMs),
    branches: () => deps.config.cachedBranches(platform.configCacheMs),
    cannedAnswers: () => deps.config.cachedCannedAnswers(platform.configCacheMs),
    whatsappTemplates: () => deps.config.cachedWhatsAppTemplates(platform.configCacheMs),
    macros: () => deps.config.cachedMacros(platform.configCacheMs),
    secrets: () => platform.secrets(),
    publicSiteUrl: () => platform.publicSiteUrl(),
    publicApiUrl: () => platform.publicApiUrl(),
    documents: () => deps.config,
    societyProfile: () => new SocietyProfileRepository(db, tableName, platform.configCacheMs),
    outboxAlerts: () => platform.outboxAlerts(),
    unconfirmedTextsPerDay: () => platform.unconfirmedTextsPerDay(),
    statusCodeAnswerMs: () => platform.statusCodeAnswerMs(),
    mediaQueue: () => platform.mediaQueue(),
    mediaMaxBytes: () => platform.mediaMaxBytes(),
    fileLinks: () => platform.fileLinks(),
    staffDirectory: () => deps.store.directory.cachedStaffDirectory(platform.configCacheMs),
    staffMail: () => ({
      mailer: platform.staffMailer(),
      societyProfile: deps.societyProfile,
      inboxUrl: platform.publicSiteUrl(),
    }),
    reminderSchedule: () => platform.reminderSchedule(),
    pusher: () => platform.livePusher(),
    staffAccounts: () => platform.staffAccounts(),
  });
  return deps;
}

/** What the report aggregator uses, and nothing more. */
export interface ReportAggregatorDeps extends StreamConsumerDeps {
  reports: Pick<ReportStore, 'applyChange'>;
  /** Working time on the society's calendar as configured (admins may edit it), read per batch. */
  businessTime(): Promise<BusinessTime>;
}

/** What the table's change consumers are given: the table, where poison records go, and time. */
export interface StreamPlatform {
  db: DynamoDBDocumentClient;
  tableName: string;
  deadLetters: DeadLetters;
  clock?: Clock;
  configCacheMs?: number;
}

/**
 * The aggregator's dependencies, for the Lambda and for `npm start` alike, so business time cannot drift between
 * them: always the calendar stored in the configuration, the default calendar until an admin saves one.
 */
export function reportAggregatorDependencies(platform: StreamPlatform): ReportAggregatorDeps {
  const { db, tableName } = platform;
  const clock = platform.clock ?? systemClock;
  const now = () => clock.now();
  const sla = new ConfigRepository(db, tableName).slaSettings(DEFAULT_CALENDAR, platform.configCacheMs);
  return {
    reports: new ReportRepository(db, tableName, now),
    attempts: new RecordAttemptsRepository(db, tableName, now),
    deadLetters: platform.deadLetters,
    clock,
    businessTime: async () => businessTimeOf((await sla.load()).calendar),
  };
}

/** The aggregator's dependencies on a runtime's platform (the Lambda's, `npm start`'s). */
export const aggregatorOn = (platform: Platform): ReportAggregatorDeps =>
  reportAggregatorDependencies({ ...platform, deadLetters: platform.deadLetters() });

/** What the search indexer uses: the word index and the tickets and contacts it reads. */
export function searchIndexerDependencies(platform: Pick<Platform, 'db' | 'tableName'>): SearchIndexDeps {
  return {
    searchIndex: new SearchIndexRepository(platform.db, platform.tableName),
    tickets: new TicketRepository(platform.db, platform.tableName),
  };
}
