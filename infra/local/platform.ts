import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LoginRepository } from '../../functions/adapters/dynamodb/login-repository.ts';
import { SignedFileLinks } from '../../functions/adapters/signed-file-links.ts';
import { createTokenVerifier } from '../../functions/lib/auth.ts';
import { DEFAULT_UNCONFIRMED_TEXTS_PER_DAY, outboxAlerts } from '../../functions/lib/outbox-alerts.ts';
import { builtOnFirstUse, type Platform } from '../../functions/platform/platform.ts';
import { providerSenders } from '../../functions/platform/provider-senders.ts';
import {
  providerUrlsOf,
  reminderScheduleOf,
  Settings,
  smsProviderOf,
} from '../../functions/platform/settings.ts';
import { DEFAULT_MEDIA_MAX_BYTES } from '../../shared/domain/media.ts';
import { STATUS_CODE_ANSWER_MS } from '../../shared/domain/public-limits.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { IdGenerator } from '../../shared/ports/ids.ts';
import type { LocalTicketEventBus } from './event-bus.ts';
import type { FolderDeadLetters } from './folder-dead-letters.ts';
import { FolderObjectStore } from './folder-object-store.ts';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  type LocalIdentityProvider,
  LocalStaffAccounts,
} from './identity-provider.ts';
import { LOCAL_FILE_LINK_SECRET, LOCAL_MAIL_IDENTITY, localSecrets } from './local-secrets.ts';
import type { LocalMediaFetchQueue } from './media-fetch-queue.ts';
import type { LocalOutbox } from './outbox.ts';
import { OutboxEmailSender } from './outbox-email-sender.ts';
import { localOutboxSenders } from './outbox-senders.ts';
import { outboxStaffMailer } from './outbox-staff-mailer.ts';
import type { LocalRuntimeOptions } from './runtime.ts';

/** The in-process parts the runtime has made before the platform (they are also the runtime's own handles). */
export interface LocalParts {
  db: DynamoDBDocumentClient;
  tableName: string;
  ids: IdGenerator;
  bus: LocalTicketEventBus;
  outbox: LocalOutbox;
  deadLetters: FolderDeadLetters;
  mediaQueue: LocalMediaFetchQueue;
  identityProvider: LocalIdentityProvider;
  /** The local sign-ins (Cognito's user directory in AWS). */
  logins: LoginRepository;
  /** The server's URL once it listens; links point there unless PUBLIC_API_URL / PUBLIC_SITE_URL say otherwise. */
  listeningUrl(): string;
}

/** `npm start`'s platform: dynalite, folders under the data folder, the outbox, the local identity provider. */
export function localPlatform(options: LocalRuntimeOptions, parts: LocalParts): Platform {
  const env = new Settings(process.env);
  const folder = (name: string) => (options.dataDir ? join(options.dataDir, name) : undefined);
  const secrets = localSecrets(options);
  const objects = new FolderObjectStore(folder('objects'));
  const urls = { ...providerUrlsOf(env), mediaFromAnyHost: true, ...options.providerUrls };
  const fileLinks = new SignedFileLinks(
    async () => process.env.FILE_LINK_SECRET ?? LOCAL_FILE_LINK_SECRET,
    () => process.env.PUBLIC_API_URL ?? parts.listeningUrl(),
  );
  return builtOnFirstUse<Platform>({
    db: () => parts.db,
    tableName: () => parts.tableName,
    clock: () => options.clock ?? systemClock,
    ids: () => parts.ids,
    // The local runtime owns its data folder: a reservation of any earlier process is from one that is gone.
    writer: () => ({ id: parts.ids.next(), sole: true }),
    // The only writer of its data folder: configuration is read once and again only after this process changes it.
    configCacheMs: () => Number.POSITIVE_INFINITY,
    secrets: () => () => secrets,
    objects: () => () => objects,
    rawMail: () => constant(new FolderObjectStore(folder('raw-mail'))),
    rawMailPrefix: () => () => '',
    deadLetters: () => () => parts.deadLetters,
    events: () => () => parts.bus,
    mediaQueue: () => () => parts.mediaQueue,
    fileLinks: () => () => fileLinks,
    senders: () =>
      constant({
        ...localOutboxSenders(parts.outbox, fileLinks),
        // SANAD_LIVE_CHANNELS=true: replies go to the real providers with the credentials in the environment.
        ...(options.liveChannels &&
          providerSenders({ secrets, urls, objects, fileLinks, sms: options.sms ?? smsProviderOf(env) })),
        email: new OutboxEmailSender(
          options.mail ?? LOCAL_MAIL_IDENTITY,
          objects,
          parts.outbox,
          options.smtpRelay,
        ),
      }),
    sentMailDomain: () => () => 'sanad.local',
    staffMailer: () => constant(outboxStaffMailer(parts.outbox)),
    // Inboxes here are served by the runtime's own WebSocket server (live-inbox.ts), never through this port.
    livePusher: () =>
      constant({
        post: unusedLocally,
        disconnect: unusedLocally,
      }),
    verifier: () => (staff) =>
      createTokenVerifier(
        { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks: { keys: parts.identityProvider.jwks } },
        staff,
      ),
    staffAccounts: () => constant(new LocalStaffAccounts(parts.logins, parts.ids)),
    outboxAlerts: () => () => outboxAlerts,
    providerUrls: () => () => urls,
    mediaMaxBytes: () => () =>
      options.mediaMaxBytes ?? env.optional('MEDIA_MAX_BYTES') ?? DEFAULT_MEDIA_MAX_BYTES,
    unconfirmedTextsPerDay: () => () =>
      options.unconfirmedTextsPerDay ??
      env.optional('UNCONFIRMED_TEXTS_PER_DAY') ??
      DEFAULT_UNCONFIRMED_TEXTS_PER_DAY,
    statusCodeAnswerMs: () => () =>
      options.statusCodeAnswerMs ?? env.optional('STATUS_CODE_ANSWER_MS') ?? STATUS_CODE_ANSWER_MS,
    publicSiteUrl: () => () => process.env.PUBLIC_SITE_URL ?? parts.listeningUrl(),
    publicApiUrl: () => () => process.env.PUBLIC_API_URL ?? parts.listeningUrl(),
    reminderSchedule: () => () => reminderScheduleOf(env),
  });
}

async function unusedLocally(): Promise<never> {
  throw new Error('The local runtime pushes to inboxes through its own WebSocket server (live-inbox.ts)');
}

function constant<T>(value: T): () => T {
  return () => value;
}
