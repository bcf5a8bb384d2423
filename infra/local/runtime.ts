import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, ScheduledEvent } from 'aws-lambda';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import { DynamoAcknowledgementLedger } from '../../functions/adapters/dynamodb/email-repository.ts';
import { InboxRepository } from '../../functions/adapters/dynamodb/inbox-repository.ts';
import { MessageRepository } from '../../functions/adapters/dynamodb/message-repository.ts';
import {
  DynamoRateLimiter,
  DynamoStatusCodeStore,
} from '../../functions/adapters/dynamodb/public-access-repository.ts';
import { QuarantineRepository } from '../../functions/adapters/dynamodb/quarantine-repository.ts';
import { ReportRepository } from '../../functions/adapters/dynamodb/report-repository.ts';
import { SearchIndexRepository } from '../../functions/adapters/dynamodb/search-index-repository.ts';
import { SurveyRepository } from '../../functions/adapters/dynamodb/survey-repository.ts';
import { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import { ulidGenerator } from '../../functions/adapters/ids.ts';
import { SignedFileLinks } from '../../functions/adapters/signed-file-links.ts';
import type { MailIdentity } from '../../functions/channels/email/compose.ts';
import {
  mediaMaxBytesFromEnv,
  ProviderMediaDownloader,
  type ProviderUrls,
  providerUrlsFromEnv,
} from '../../functions/channels/media/provider-media.ts';
import { MessagingSender, WhatsAppSender } from '../../functions/channels/meta/graph-senders.ts';
import { GraphProfileDirectory } from '../../functions/channels/meta/profiles.ts';
import { SnsSmsSender } from '../../functions/channels/sms/sns-sms-sender.ts';
import { TelegramBotSender } from '../../functions/channels/telegram/bot-api-sender.ts';
import { createEscalationSweepHandler } from '../../functions/handlers/escalation-sweep.ts';
import { createMediaFetcherHandler } from '../../functions/handlers/media-fetcher.ts';
import { createOutboxDrainHandler } from '../../functions/handlers/outbox-drain.ts';
import { createReportAggregatorHandler } from '../../functions/handlers/report-aggregator.ts';
import { createSmsInboundHandler } from '../../functions/handlers/sms-inbound.ts';
import { createSurveySenderHandler } from '../../functions/handlers/survey-sender.ts';
import { createTokenVerifier } from '../../functions/lib/auth.ts';
import {
  type AppDependencies,
  businessTimeOf,
  type ReportAggregatorDeps,
  reportAggregatorDependencies,
  searchIndexerDependencies,
} from '../../functions/lib/dependencies.ts';
import { automaticMessageAdapters } from '../../functions/lib/outbox-alerts.ts';
import type { Channel } from '../../shared/domain/channel.ts';
import { DEFAULT_MEDIA_MAX_BYTES } from '../../shared/domain/media.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import type { FileLinks } from '../../shared/ports/file-links.ts';
import type { ObjectStore } from '../../shared/ports/object-store.ts';
import type { OutboundSenders } from '../../shared/ports/outbound.ts';
import type { Secrets } from '../../shared/ports/secrets.ts';
import { rulesRouter } from '../../shared/routing/rules-router.ts';
import { DEFAULT_CALENDAR } from '../../shared/sla/defaults.ts';
import {
  type DrainResult,
  drainOutbox as drainOutboxAtStart,
} from '../../shared/use-cases/automatic-messages.ts';
import type { SweepResult } from '../../shared/use-cases/escalate-tickets.ts';
import { indexTicketForSearch } from '../../shared/use-cases/search-index.ts';
import { localLambdaContext, localSnsEvent } from './api-gateway-event.ts';
import { isTicketItem, LocalChangeStream } from './change-stream.ts';
import { LocalTicketEventBus } from './event-bus.ts';
import { FolderDeadLetters } from './folder-dead-letters.ts';
import { FolderObjectStore } from './folder-object-store.ts';
import { localHttpFunctions } from './functions.ts';
import { createRequestListener, type LocalRoute, send } from './http-server.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalIdentityProvider, verifyPassword } from './identity-provider.ts';
import { attachLiveInbox } from './live-inbox.ts';
import { startLocalDynamoDB } from './local-dynamodb.ts';
import { LocalMediaFetchQueue } from './media-fetch-queue.ts';
import { LocalOutbox } from './outbox.ts';
import { OutboxEmailSender } from './outbox-email-sender.ts';
import { localOutboxSenders } from './outbox-senders.ts';
import { outboxStaffNotifier } from './outbox-staff-notifier.ts';
import { seedConfiguration, seedDemoTickets } from './seed.ts';
import { type LocalMailAuthenticator, type SmtpListener, startSmtpListener } from './smtp-listener.ts';

export interface LocalRuntimeOptions {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  host?: string;
  /** Where dynalite, keys and local objects persist; without it everything lives in memory. */
  dataDir?: string;
  seedDemoTickets?: boolean;
  clock?: Clock;
  tableName?: string;
  /** SMTP port for received mail (the SES receipt rule's stand-in); 0 picks a free one; absent = no SMTP. */
  smtpPort?: number;
  /** Our sending address and the Reply-To that routes answers back to the SMTP port. */
  mail?: MailIdentity;
  /** `smtp://host:port`: outbound mail is also relayed there, not only written to the outbox. */
  smtpRelay?: string;
  metaAppSecret?: string;
  /** Send replies to the real providers (credentials from the environment) instead of the outbox. */
  liveChannels?: boolean;
  /** The secret token Telegram is told to send with each update (TELEGRAM_WEBHOOK_SECRET in `npm start`). */
  telegramWebhookSecret?: string;
  /** Sees the document client before use, e.g. to count requests in a benchmark. */
  instrumentClient?: (client: DynamoDBDocumentClient) => void;
  /** Automatic texts a day to unconfirmed numbers (UNCONFIRMED_TEXTS_PER_DAY, default 500). */
  unconfirmedTextsPerDay?: number;
  /** Runs the escalation sweep this often (EventBridge's every-minute schedule in AWS); absent = only on demand. */
  escalationEveryMs?: number;
  /**
   * Tests only: what the SMTP port should take as proven about a received mail (SES's verdicts in AWS). Code,
   * never a header or the environment, so nobody sending to the port can vouch for their own mail.
   */
  authenticateLocalMail?: LocalMailAuthenticator;
  /** The providers' base URLs (META_GRAPH_URL, TELEGRAM_API_URL by default): a loopback stand-in in tests. */
  providerUrls?: Partial<ProviderUrls>;
  /** Provider credentials beside the environment's (e.g. the stand-in's tokens in tests). */
  providerSecrets?: Record<string, string>;
  /** The cap on one received file (MEDIA_MAX_BYTES by default). */
  mediaMaxBytes?: number;
  /** Pause before a media fetch is retried (SQS's visibility timeout in AWS). */
  mediaRetryDelayMs?: number;
}

/** Local stand-ins for Meta's app secret and verify token (META_APP_SECRET, META_VERIFY_TOKEN override them). */
export const LOCAL_META_APP_SECRET = 'sanad-local-meta-app-secret';
export const LOCAL_META_VERIFY_TOKEN = 'sanad-local-verify-token';

/** Signs the links of files sent by SMS locally (FILE_LINK_SECRET overrides it). */
export const LOCAL_FILE_LINK_SECRET = 'sanad-local-file-link-secret';

/** Local stand-in for the Telegram webhook secret (set TELEGRAM_WEBHOOK_SECRET to use your own). */
export const LOCAL_TELEGRAM_SECRET = 'sanad-local-telegram-secret';

/** The real senders, for trying the channels against the providers (or their stand-in) from a developer's machine. */
function liveSenders(
  secrets: Secrets,
  urls: ProviderUrls,
  objects: ObjectStore,
  fileLinks: FileLinks,
): OutboundSenders {
  const graph = { graphUrl: urls.metaGraphUrl, objects };
  const pageToken = () => secrets.get('meta-page-access-token');
  return {
    sms: new SnsSmsSender(process.env.SMS_SENDER_ID, undefined, fileLinks),
    telegram: new TelegramBotSender(() => secrets.get('telegram-bot-token'), fetch, {
      apiUrl: urls.telegramApiUrl,
      objects,
    }),
    whatsapp: new WhatsAppSender(
      () => secrets.get('whatsapp-access-token'),
      () => secrets.get('whatsapp-phone-number-id'),
      fetch,
      graph,
    ),
    messenger: new MessagingSender(pageToken, fetch, graph),
    instagram: new MessagingSender(pageToken, fetch, graph),
  };
}

function environmentSecrets(values: Record<string, string | undefined>): Secrets {
  return { get: async (name) => values[name] };
}

export const LOCAL_MAIL_IDENTITY: MailIdentity = {
  from: 'جمعية سند <support@sanad.local>',
  replyTo: 'support@sanad.local',
};

export interface LocalRuntime {
  url: string;
  deps: AppDependencies;
  bus: LocalTicketEventBus;
  outbox: LocalOutbox;
  deadLetters: FolderDeadLetters;
  identityProvider: LocalIdentityProvider;
  dynamoEndpoint: string;
  /** The SMTP port actually listened on, when SMTP was asked for. */
  smtpPort?: number;
  /** The emulated table stream feeding the report aggregator. */
  stream: LocalChangeStream;
  /** The aggregator's dependencies, made by the same factory as the deployed function's. */
  aggregator: ReportAggregatorDeps;
  /** One escalation sweep, the same handler the schedule runs. */
  sweepEscalations(): Promise<SweepResult>;
  /** The media-fetch queue's stand-in; `settled()` waits for the files being fetched. */
  mediaQueue: LocalMediaFetchQueue;
  /** One drain of the automatic messages left pending, the same handler the schedule runs. */
  drainOutbox(): Promise<DrainResult>;
  /**
   * Resolves when the background work started so far has finished (search indexing, surveys, file fetching, the
   * table stream's consumers, a running sweep): what a test awaits before it checks that something did not happen.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export const WEB_ROOT = resolve(import.meta.dirname, '../../web/dist');

/** The whole system on one machine: dynalite, the Lambda handlers behind one HTTP server, the local IdP. */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const tableName = options.tableName ?? 'sanad';
  const host = options.host ?? '127.0.0.1';
  const dynamo = await startLocalDynamoDB({
    path: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined,
    tableName,
  });
  const db = createDocumentClient(dynamo.clientConfig);
  options.instrumentClient?.(db);
  const store = new TicketRepository(db, tableName);
  const config = new ConfigRepository(db, tableName);
  const reports = new ReportRepository(db, tableName);
  const deadLetters = new FolderDeadLetters(
    options.dataDir ? join(options.dataDir, 'dead-letters') : undefined,
  );
  // The same factory as the deployed aggregator's, so both count business time on the society's calendar.
  const aggregatorDeps = reportAggregatorDependencies({ db, tableName, deadLetters, clock: options.clock });
  const stream = new LocalChangeStream({
    clientConfig: dynamo.clientConfig,
    tableName,
    watch: isTicketItem,
    consumer: createReportAggregatorHandler(() => aggregatorDeps),
  });
  stream.attach(db);
  const bus = new LocalTicketEventBus();
  const ids = ulidGenerator();
  const outbox = new LocalOutbox(ids, options.dataDir ? join(options.dataDir, 'outbox') : undefined);
  const identityProvider = await LocalIdentityProvider.open(
    options.dataDir ? join(options.dataDir, 'keys', 'local-idp.json') : undefined,
  );
  const objects = new FolderObjectStore(options.dataDir ? join(options.dataDir, 'objects') : undefined);
  const secrets = environmentSecrets({
    'telegram-webhook-secret': options.telegramWebhookSecret ?? LOCAL_TELEGRAM_SECRET,
    'telegram-bot-token': process.env.TELEGRAM_BOT_TOKEN,
    'meta-app-secret': options.metaAppSecret ?? process.env.META_APP_SECRET ?? LOCAL_META_APP_SECRET,
    'meta-verify-token': process.env.META_VERIFY_TOKEN ?? LOCAL_META_VERIFY_TOKEN,
    'whatsapp-access-token': process.env.WHATSAPP_ACCESS_TOKEN,
    'whatsapp-phone-number-id': process.env.WHATSAPP_PHONE_NUMBER_ID,
    'meta-page-access-token': process.env.META_PAGE_ACCESS_TOKEN,
    ...options.providerSecrets,
  });
  const providerUrls = { ...providerUrlsFromEnv(), ...options.providerUrls };
  const mediaQueue = new LocalMediaFetchQueue(deadLetters, options.mediaRetryDelayMs);
  // Links point at this server once it listens (PUBLIC_API_URL overrides, as in AWS).
  let listeningUrl = '';
  const fileLinks = new SignedFileLinks(
    async () => process.env.FILE_LINK_SECRET ?? LOCAL_FILE_LINK_SECRET,
    () => process.env.PUBLIC_API_URL ?? listeningUrl,
  );
  const deps: AppDependencies = {
    store,
    inbox: new InboxRepository(db, tableName),
    searchIndex: new SearchIndexRepository(db, tableName),
    clock: options.clock ?? systemClock,
    ids,
    events: bus,
    router: rulesRouter(config),
    verifier: createTokenVerifier(
      { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks: { keys: identityProvider.jwks } },
      store,
    ),
    // The local runtime owns its data folder: a reservation of any earlier process is from one that is gone.
    writer: { id: ids.next(), sole: true },
    senders: {
      ...localOutboxSenders(outbox, fileLinks),
      // SANAD_LIVE_CHANNELS=true: replies go to the real providers with the credentials in the environment.
      ...(options.liveChannels && liveSenders(secrets, providerUrls, objects, fileLinks)),
      email: new OutboxEmailSender(options.mail ?? LOCAL_MAIL_IDENTITY, objects, outbox, options.smtpRelay),
    },
    objects,
    deadLetters,
    acknowledgements: new DynamoAcknowledgementLedger(db, tableName),
    rawMail: new FolderObjectStore(options.dataDir ? join(options.dataDir, 'raw-mail') : undefined),
    reports,
    businessTime: businessTimeOf(DEFAULT_CALENDAR),
    config,
    sla: config.slaSettings(DEFAULT_CALENDAR, 0),
    templates: config.messageTemplates(0),
    assignment: store,
    secrets,
    surveys: new SurveyRepository(db, tableName),
    rateLimiter: new DynamoRateLimiter(db, tableName),
    statusCodes: new DynamoStatusCodeStore(db, tableName),
    ...automaticMessageAdapters(db, tableName, options.unconfirmedTextsPerDay),
    quarantine: new QuarantineRepository(db, tableName),
    messages: new MessageRepository(db, tableName),
    mediaQueue,
    media: new ProviderMediaDownloader(providerUrls, secrets),
    mediaMaxBytes: options.mediaMaxBytes ?? mediaMaxBytesFromEnv(DEFAULT_MEDIA_MAX_BYTES),
    profiles: new GraphProfileDirectory(providerUrls.metaGraphUrl, () =>
      secrets.get('meta-page-access-token'),
    ),
    fileLinks,
  };
  // As the media-fetcher function consumes the media-fetch queue in AWS.
  mediaQueue.consumeWith(createMediaFetcherHandler(() => deps));
  // As the search-indexer function is subscribed to the ticketEvents topic in AWS, with the same dependencies.
  const searchIndexer = searchIndexerDependencies(db, tableName);
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const run = work.finally(() => inFlight.delete(run));
    inFlight.add(run);
  };
  bus.subscribe((change) => {
    track(
      indexTicketForSearch(searchIndexer, change).catch((error: unknown) =>
        console.error('Search indexing failed', error),
      ),
    );
  });
  await seedConfiguration(store, config);
  if (options.seedDemoTickets) await seedDemoTickets(deps);
  // What the last run recorded but never sent goes out now, before anything is served: any attempt still holding
  // a message died with that run, so its lease is not waited out (the drain then runs every minute, as in AWS).
  await drainOutboxAtStart(deps, { takeOverLeases: true }).catch((error: unknown) =>
    console.error('Outbox drain failed', error),
  );

  const smsHandler = createSmsInboundHandler(() => deps);

  const login: LocalRoute = async (_request, body, response) => {
    let credentials: { email?: unknown; password?: unknown } | null;
    try {
      credentials = JSON.parse(body.toString('utf8'));
    } catch {
      return send(response, 400, {
        error: 'validation_failed',
        message: 'The request body is not valid JSON',
      });
    }
    const email = credentials?.email;
    const password = credentials?.password;
    if (typeof email !== 'string' || typeof password !== 'string') {
      return send(response, 400, { error: 'validation_failed', message: 'email and password are required' });
    }
    const found = await store.findLogin(email);
    const user =
      found && (await verifyPassword(password, found.passwordHash))
        ? await store.getStaffUser(found.userId)
        : undefined;
    if (!user) return send(response, 401, { error: 'unauthorized', message: 'Wrong email or password' });
    send(response, 200, { idToken: await identityProvider.issueIdToken(user), user });
  };

  // What would have gone to SES, SNS or the platforms, for staff signed in locally (it holds beneficiaries' mail).
  const outboxRoute: LocalRoute = async (request, _body, response) => {
    try {
      await deps.verifier.principalOf({
        headers: { authorization: request.headers.authorization ?? '' },
      } as unknown as APIGatewayProxyEventV2);
    } catch {
      return send(response, 401, { error: 'unauthorized', message: 'A staff bearer token is required' });
    }
    const channel = new URL(request.url ?? '/', 'http://localhost').searchParams.get('channel');
    send(response, 200, { entries: outbox.list((channel as Channel | null) ?? undefined) });
  };

  const server = createServer(
    createRequestListener({
      functions: localHttpFunctions(deps),
      localRoutes: {
        'POST /auth/local/login': login,
        'GET /auth/local/jwks.json': async (_request, _body, response) =>
          send(response, 200, identityProvider.jwks),
        'GET /local/outbox': outboxRoute,
        // Stands in for the two-way SMS topic: the body is what AWS End User Messaging publishes for a received SMS.
        'POST /local/sms': async (_request, body, response) => {
          await smsHandler(localSnsEvent(body.toString('utf8')), localLambdaContext('smsInbound'));
          send(response, 202, { accepted: true });
        },
      },
      webRoot: WEB_ROOT,
    }),
  );
  const closeLiveInbox = attachLiveInbox(server, { verifier: deps.verifier, store, bus });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  listeningUrl = url;
  // As the survey-sender function is subscribed to the ticketEvents topic in AWS; links point at this server.
  const surveySender = createSurveySenderHandler(() => ({
    ...deps,
    publicSiteUrl: process.env.PUBLIC_SITE_URL ?? url,
  }));
  bus.subscribe((change) => {
    track(
      surveySender(localSnsEvent(JSON.stringify(change)), localLambdaContext('surveySender')).catch(
        (error: unknown) => console.error('Survey sending failed', error),
      ),
    );
  });
  let smtp: SmtpListener | undefined;
  if (options.smtpPort !== undefined) {
    smtp = await startSmtpListener(deps, {
      port: options.smtpPort,
      host,
      authenticate: options.authenticateLocalMail,
    });
  }

  const notifier = outboxStaffNotifier(outbox);
  const escalationHandler = createEscalationSweepHandler(
    () => deps,
    () => notifier,
  );
  const outboxHandler = createOutboxDrainHandler(() => deps);
  const drainOutbox = () => outboxHandler({} as ScheduledEvent, localLambdaContext('outboxDrain'));
  const sweepEscalations = () =>
    escalationHandler({} as ScheduledEvent, localLambdaContext('escalationSweep'));
  let sweeping: Promise<unknown> | undefined;
  const escalationTimer = options.escalationEveryMs
    ? setInterval(() => {
        // A sweep still running when the next tick comes is left to finish; runs never overlap.
        sweeping ??= Promise.all([sweepEscalations(), drainOutbox()])
          .catch((error: unknown) => console.error('Escalation sweep failed', error))
          .finally(() => {
            sweeping = undefined;
          });
      }, options.escalationEveryMs)
    : undefined;

  /** Background work may start more (a fetched file is indexed, a change is streamed): wait until none is left. */
  async function settled(): Promise<void> {
    do await Promise.all([...inFlight, sweeping, stream.settled(), mediaQueue.settled()]);
    while (inFlight.size > 0 || sweeping || !stream.idle || !mediaQueue.idle);
  }

  return {
    url,
    deps,
    bus,
    outbox,
    deadLetters,
    identityProvider,
    dynamoEndpoint: dynamo.endpoint,
    smtpPort: smtp?.port,
    stream,
    aggregator: aggregatorDeps,
    sweepEscalations,
    mediaQueue,
    drainOutbox,
    settled,
    async close() {
      clearInterval(escalationTimer);
      await settled();
      await smtp?.close();
      await closeLiveInbox();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await stream.settled();
      stream.close();
      await dynamo.close();
    },
  };
}
