import { ulid } from 'ulid';
import { DEFAULT_MEDIA_MAX_BYTES } from '../../shared/domain/media.ts';
import { STATUS_CODE_ANSWER_MS } from '../../shared/domain/public-limits.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { LivePusher } from '../../shared/ports/live-connections.ts';
import type { OutboundSenders } from '../../shared/ports/outbound.ts';
import type { StaffAccounts } from '../../shared/ports/staff-accounts.ts';
import { S3ObjectStore } from '../adapters/aws/s3-object-store.ts';
import { SesStaffMailer } from '../adapters/aws/ses-staff-mailer.ts';
import { SnsTicketEventPublisher } from '../adapters/aws/sns-ticket-events.ts';
import { SqsDeadLetters } from '../adapters/aws/sqs-dead-letters.ts';
import { SqsMediaFetchQueue } from '../adapters/aws/sqs-media-queue.ts';
import { SsmSecrets } from '../adapters/aws/ssm-secrets.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { ulidGenerator } from '../adapters/ids.ts';
import { SignedFileLinks } from '../adapters/signed-file-links.ts';
import { sesMessageIdDomain } from '../channels/email/ses-message-ids.ts';
import { type AppDependencies, buildDependencies, type DependencyPart } from '../lib/dependencies.ts';
import { DEFAULT_UNCONFIRMED_TEXTS_PER_DAY, outboxAlerts } from '../lib/outbox-alerts.ts';
import { builtOnFirstUse, type Platform } from './platform.ts';
import { MissingSettingError, providerUrlsOf, reminderScheduleOf, Settings } from './settings.ts';

/**
 * What a function adds to the platform beyond the common adapters, named by its handler so that only functions
 * that use them bundle them: sending pulls in every channel's sender, staff tokens the JWT library, staff
 * accounts Cognito's client, posting to inbox connections the WebSocket API's client; the repositories only some functions use are dependency parts.
 */
export interface AwsParts extends Partial<DependencyPart> {
  senders?: (platform: Platform, settings: Settings) => OutboundSenders;
  verifier?: (settings: Settings) => Platform['verifier'];
  staffAccounts?: (settings: Settings) => StaffAccounts;
  livePusher?: (settings: Settings) => LivePusher;
}

/** A part the handler did not name: the function fails where it reaches for it, saying which. */
function named<T>(part: T | undefined, what: string): T {
  if (!part) throw new Error(`This function ${what}: its handler names no such part`);
  return part;
}

/** The Lambda platform: AWS services named by the environment, each read and built on first use. */
export function awsPlatform(settings: Settings, ...namedParts: AwsParts[]): Platform {
  const parts: AwsParts = Object.assign({}, ...namedParts);
  const region = () => settings.required('AWS_REGION');
  const platform: Platform = builtOnFirstUse<Platform>({
    db: () => createDocumentClient(),
    tableName: () => settings.required('TABLE_NAME'),
    clock: () => systemClock,
    ids: () => ulidGenerator(),
    // Lambda instances of a function run side by side: a reservation is another's until its lease runs out.
    writer: () => ({ id: ulid(), sole: false }),
    configCacheMs: () => 30_000,
    secrets: () =>
      once(() => new SsmSecrets(settings.optional('SECRETS_PARAMETER_PREFIX') ?? '/sanad/secrets/')),
    objects: () => once(() => new S3ObjectStore(settings.required('ATTACHMENTS_BUCKET'))),
    rawMail: () => once(() => new S3ObjectStore(settings.required('RAW_MAIL_BUCKET'))),
    rawMailPrefix: () => () => settings.optional('RAW_MAIL_PREFIX') ?? '',
    deadLetters: () => once(() => new SqsDeadLetters(settings.required('DEAD_LETTER_QUEUE_URL'))),
    events: () => once(() => new SnsTicketEventPublisher(settings.required('TICKET_EVENTS_TOPIC_ARN'))),
    mediaQueue: () => once(() => new SqsMediaFetchQueue(settings.required('MEDIA_FETCH_QUEUE_URL'))),
    // The HTTP API serves the links (PUBLIC_API_URL, set by the stack).
    fileLinks: () =>
      once(
        () =>
          new SignedFileLinks(
            () => platform.secrets().get('file-link-secret'),
            () => platform.publicApiUrl(),
          ),
      ),
    senders: () => once(() => named(parts.senders, 'sends no messages')(platform, settings)),
    sentMailDomain: () => () => settings.optional('SES_MESSAGE_ID_DOMAIN') ?? sesMessageIdDomain(region()),
    staffMailer: () =>
      once(
        () =>
          new SesStaffMailer({
            from: settings.optional('MAIL_FROM'),
            configurationSet: settings.optional('SES_CONFIGURATION_SET'),
          }),
      ),
    livePusher: () => once(() => named(parts.livePusher, 'posts to no inbox connection')(settings)),
    verifier: () => (staff) => named(parts.verifier, 'verifies no staff tokens')(settings)(staff),
    staffAccounts: () => once(() => named(parts.staffAccounts, 'keeps no staff accounts')(settings)),
    outboxAlerts: () => () => outboxAlerts,
    providerUrls: () => () => providerUrlsOf(settings),
    mediaMaxBytes: () => () => settings.optional('MEDIA_MAX_BYTES') ?? DEFAULT_MEDIA_MAX_BYTES,
    unconfirmedTextsPerDay: () => () =>
      settings.optional('UNCONFIRMED_TEXTS_PER_DAY') ?? DEFAULT_UNCONFIRMED_TEXTS_PER_DAY,
    statusCodeAnswerMs: () => () => settings.optional('STATUS_CODE_ANSWER_MS') ?? STATUS_CODE_ANSWER_MS,
    publicSiteUrl: () => () => settings.required('PUBLIC_SITE_URL'),
    publicApiUrl: () => () => settings.required('PUBLIC_API_URL'),
    reminderSchedule: () => () => reminderScheduleOf(settings),
  });
  return platform;
}

/**
 * Built at the first call and kept. An adapter whose variable is missing is still handed out (code may pass the
 * whole dependency set along) and fails, naming the variable, when it is used.
 */
function once<T extends object>(make: () => T): () => T {
  let made: T | undefined;
  return () => {
    if (!made) {
      try {
        made = make();
      } catch (error) {
        if (!(error instanceof MissingSettingError)) throw error;
        made = failingOnUse<T>(error);
      }
    }
    return made;
  };
}

function failingOnUse<T extends object>(error: Error): T {
  return new Proxy({} as T, {
    get() {
      throw error;
    },
  });
}

/**
 * A Lambda's dependencies, made by `factory` on the AWS platform at the first invocation (so importing a handler
 * needs no AWS settings) and kept for the container's life.
 */
export function onLambda<D>(factory: (platform: Platform) => D, ...parts: AwsParts[]): () => D {
  let deps: D | undefined;
  return () => {
    deps ??= factory(awsPlatform(new Settings(process.env), ...parts));
    return deps;
  };
}

/** The whole dependency set on AWS, each member built on first use. */
export const lambdaDependencies = (...parts: AwsParts[]): (() => AppDependencies) =>
  onLambda((platform) => buildDependencies(platform, ...parts), ...parts);
