import { localAnswerMatcher } from '../../shared/domain/answer-matching.ts';
import { notificationCentreNotifier } from '../../shared/use-cases/notification-centre.ts';
import { rulesRouter } from '../../shared/use-cases/rule-set-in-force.ts';
import { AnnouncementRepository } from '../adapters/dynamodb/announcement-repository.ts';
import { AnswerRepository } from '../adapters/dynamodb/answer-repository.ts';
import { AuditRepository } from '../adapters/dynamodb/audit-repository.ts';
import { DynamoAcknowledgementLedger } from '../adapters/dynamodb/email-repository.ts';
import { EscalationIndexRepository } from '../adapters/dynamodb/escalation-index-repository.ts';
import { InboxRepository } from '../adapters/dynamodb/inbox-repository.ts';
import { LiveConnectionRepository } from '../adapters/dynamodb/live-connection-repository.ts';
import { MessageRepository } from '../adapters/dynamodb/message-repository.ts';
import { DynamoNoticeEmailMarks } from '../adapters/dynamodb/notice-email-marks.ts';
import { NotificationRepository } from '../adapters/dynamodb/notification-repository.ts';
import { OptOutRepository } from '../adapters/dynamodb/opt-out-repository.ts';
import { DynamoTextBudget, OutboxRepository } from '../adapters/dynamodb/outbox-repository.ts';
import { DynamoStatusCodeStore } from '../adapters/dynamodb/public-access-repository.ts';
import { QuarantineRepository } from '../adapters/dynamodb/quarantine-repository.ts';
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter.ts';
import { ReminderAgendaRepository } from '../adapters/dynamodb/reminder-agenda-repository.ts';
import { ReportRepository } from '../adapters/dynamodb/report-repository.ts';
import { SearchIndexRepository } from '../adapters/dynamodb/search-index-repository.ts';
import { SurveyRepository } from '../adapters/dynamodb/survey-repository.ts';
import { UploadLinkRepository } from '../adapters/dynamodb/upload-link-repository.ts';
import { SignedStatusLinks } from '../adapters/signed-status-links.ts';
import { ProviderMediaDownloader } from '../channels/media/provider-media.ts';
import { GraphProfileDirectory } from '../channels/meta/profiles.ts';
import type { DependencyPart } from './dependencies.ts';
import { correlatedOutbox } from './observability.ts';

/*
 * The repositories and services only some functions use, each in a part its handler names (tests/infra/parts.test.ts checks
 * that every function names the parts whose members its code reads): a function bundles only those it names.
 */

export const inboxPart: DependencyPart = {
  members: { inbox: ({ db, tableName }) => new InboxRepository(db, tableName) },
};
export const searchPart: DependencyPart = {
  members: { searchIndex: ({ db, tableName }) => new SearchIndexRepository(db, tableName) },
};
export const reportsPart: DependencyPart = {
  members: {
    reports: (platform) => new ReportRepository(platform.db, platform.tableName, () => platform.clock.now()),
  },
};
export const publicLimitsPart: DependencyPart = {
  members: {
    rateLimiter: ({ db, tableName }) => new DynamoRateLimiter(db, tableName),
    statusCodes: ({ db, tableName }) => new DynamoStatusCodeStore(db, tableName),
  },
};
export const uploadLinksPart: DependencyPart = {
  members: { uploadLinks: ({ db, tableName }) => new UploadLinkRepository(db, tableName) },
};
export const campaignsPart: DependencyPart = {
  members: {
    beneficiaries: ({ db, tableName }) => new AnnouncementRepository(db, tableName),
    campaigns: ({ db, tableName }) => new AnnouncementRepository(db, tableName),
  },
};
export const quarantinePart: DependencyPart = {
  members: { quarantine: ({ db, tableName }) => new QuarantineRepository(db, tableName) },
};
export const escalationPart: DependencyPart = {
  members: { escalationIndex: ({ db, tableName }) => new EscalationIndexRepository(db, tableName) },
};
export const remindersPart: DependencyPart = {
  members: { reminderAgenda: ({ db, tableName }) => new ReminderAgendaRepository(db, tableName) },
};
export const livePart: DependencyPart = {
  members: { connections: ({ db, tableName }) => new LiveConnectionRepository(db, tableName) },
};
export const auditPart: DependencyPart = {
  members: { audit: ({ db, tableName }) => new AuditRepository(db, tableName) },
};
export const routingPart: DependencyPart = {
  members: { router: (platform, deps) => rulesRouter(deps.config.cachedRuleSet(platform.configCacheMs)) },
};
export const answerMatcherPart: DependencyPart = { members: { answerMatcher: () => localAnswerMatcher } };
export const statusLinksPart: DependencyPart = {
  members: {
    statusLinks: (_, deps) =>
      new SignedStatusLinks(
        () => deps.secrets.get('file-link-secret'),
        () => deps.publicSiteUrl,
      ),
  },
};
export const mediaPart: DependencyPart = {
  members: { media: (platform, deps) => new ProviderMediaDownloader(platform.providerUrls(), deps.secrets) },
};
export const profilesPart: DependencyPart = {
  members: {
    profiles: (platform, deps) =>
      new GraphProfileDirectory(platform.providerUrls().metaGraphUrl, () =>
        deps.secrets.get('meta-page-access-token'),
      ),
  },
};
export const staffNoticesPart: DependencyPart = {
  members: {
    staffNotifier: ({ db, tableName }, deps) =>
      notificationCentreNotifier(deps, {
        ...deps.staffMail,
        sentEmails: new DynamoNoticeEmailMarks(db, tableName),
      }),
  },
};
export const outboxPart: DependencyPart = {
  members: {
    outbox: ({ db, tableName }) => correlatedOutbox(new OutboxRepository(db, tableName)),
    textBudget: ({ db, tableName }) => new DynamoTextBudget(db, tableName),
  },
};
export const surveysPart: DependencyPart = {
  members: { surveys: ({ db, tableName }) => new SurveyRepository(db, tableName) },
};
export const messagesPart: DependencyPart = {
  members: { messages: ({ db, tableName }) => new MessageRepository(db, tableName) },
};
export const answersPart: DependencyPart = {
  members: { answers: ({ db, tableName }) => new AnswerRepository(db, tableName) },
};
export const acknowledgementsPart: DependencyPart = {
  members: { acknowledgements: ({ db, tableName }) => new DynamoAcknowledgementLedger(db, tableName) },
};
export const notificationsPart: DependencyPart = {
  members: { notifications: ({ db, tableName }) => new NotificationRepository(db, tableName) },
};
export const optOutsPart: DependencyPart = {
  members: { optOuts: ({ db, tableName }) => new OptOutRepository(db, tableName) },
};

/*
 * The parts every function doing one kind of work needs: each such function names its group and any other part it
 * reads. Listed out, not spread from one another, so that a bundle leaves out the groups it does not name.
 */

/** Taking in a support request and acknowledging it: routed into the inbox, its status link in the reply. */
export const supportRequestParts = [
  inboxPart,
  notificationsPart,
  optOutsPart,
  outboxPart,
  publicLimitsPart,
  routingPart,
  statusLinksPart,
  surveysPart,
] as const;

/** Moving a support case on: audited, its reminders scheduled, the beneficiary told with status and upload links. */
export const caseStepParts = [
  auditPart,
  notificationsPart,
  optOutsPart,
  outboxPart,
  remindersPart,
  statusLinksPart,
  surveysPart,
  uploadLinksPart,
] as const;

/** Taking in a beneficiary's message from a channel: routed into the inbox, a question maybe answered at once. */
export const inboundMessageParts = [
  answerMatcherPart,
  answersPart,
  inboxPart,
  notificationsPart,
  optOutsPart,
  outboxPart,
  routingPart,
  surveysPart,
] as const;

/** Every part, for `npm start`, whose one process serves every function. */
export const EVERY_PART: readonly DependencyPart[] = [
  inboxPart,
  searchPart,
  reportsPart,
  publicLimitsPart,
  uploadLinksPart,
  campaignsPart,
  quarantinePart,
  escalationPart,
  remindersPart,
  livePart,
  auditPart,
  routingPart,
  answerMatcherPart,
  statusLinksPart,
  mediaPart,
  profilesPart,
  staffNoticesPart,
  outboxPart,
  surveysPart,
  messagesPart,
  answersPart,
  acknowledgementsPart,
  notificationsPart,
  optOutsPart,
];
