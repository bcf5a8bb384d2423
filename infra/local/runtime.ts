import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { LoginRepository } from '../../functions/adapters/dynamodb/login-repository.ts';
import { ulidGenerator } from '../../functions/adapters/ids.ts';
import type { MailIdentity } from '../../functions/channels/email/outbound-mail.ts';
import type { ProviderUrls } from '../../functions/channels/media/provider-media.ts';
import { createCaseRemindersHandler } from '../../functions/handlers/case-reminders.ts';
import { createEscalationSweepHandler } from '../../functions/handlers/escalation-sweep.ts';
import { createMediaFetcherHandler } from '../../functions/handlers/media-fetcher.ts';
import { createOutboxDrainHandler } from '../../functions/handlers/outbox-drain.ts';
import { createReportAggregatorHandler } from '../../functions/handlers/report-aggregator.ts';
import { createSearchIndexerHandler } from '../../functions/handlers/search-indexer.ts';
import { createSurveySenderHandler } from '../../functions/handlers/survey-sender.ts';
import {
  type AppDependencies,
  aggregatorOn,
  buildDependencies,
  type ReportAggregatorDeps,
  searchIndexerDependencies,
} from '../../functions/lib/dependencies.ts';
import { EVERY_PART } from '../../functions/lib/dependency-parts.ts';
import type { SmsProviderSettings } from '../../functions/platform/settings.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import {
  type DrainResult,
  drainOutbox as drainOutboxAtStart,
} from '../../shared/use-cases/automatic-messages.ts';
import type { ReminderSweepResult } from '../../shared/use-cases/case-reminders.ts';
import type { SweepResult } from '../../shared/use-cases/escalate-tickets.ts';
import { invokeLocally, localSnsEvent } from './api-gateway-event.ts';
import { isTicketItem, LocalChangeStream } from './change-stream.ts';
import { LocalTicketEventBus } from './event-bus.ts';
import { FolderDeadLetters } from './folder-dead-letters.ts';
import { localHttpFunctions } from './functions.ts';
import { createRequestListener, send } from './http-server.ts';
import { LocalIdentityProvider, localSignInRoutes } from './identity-provider.ts';
import { forInProcessUse } from './in-process-dynamodb.ts';
import { attachLiveInbox } from './live-inbox.ts';
import { startLocalDynamoDB } from './local-dynamodb.ts';
import { LocalMediaFetchQueue } from './media-fetch-queue.ts';
import { LocalOutbox } from './outbox.ts';
import { localOutboxSenders } from './outbox-senders.ts';
import { localPlatform } from './platform.ts';
import { seedConfiguration, seedDemoTickets } from './seed.ts';
import { type LocalMailAuthenticator, type SmtpListener, startSmtpListener } from './smtp-listener.ts';
import { standInRoutes } from './stand-in-routes.ts';

export interface LocalRuntimeOptions {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  host?: string;
  /** Other origins whose scripts may call the API (the society's sites): CDK's `societySiteOrigins`. */
  corsOrigins?: readonly string[];
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
  /** The least time a status-code request takes to answer (STATUS_CODE_ANSWER_MS, default 1.5 s). */
  statusCodeAnswerMs?: number;
  /** Runs the escalation sweep this often (EventBridge's every-minute schedule in AWS); absent = only on demand. */
  escalationEveryMs?: number;
  /**
   * Tests only: what the SMTP port should take as proven about a received mail (SES's verdicts in AWS). Code,
   * never a header or the environment, so nobody sending to the port can vouch for their own mail.
   */
  authenticateLocalMail?: LocalMailAuthenticator;
  /** The providers' base URLs (META_GRAPH_URL, TELEGRAM_API_URL by default): a loopback stand-in in tests. */
  providerUrls?: Partial<ProviderUrls>;
  /** With `liveChannels`, the SMS provider (SMS_PROVIDER and its settings by default): a stand-in in tests. */
  sms?: SmsProviderSettings;
  /** Provider credentials beside the environment's (e.g. the stand-in's tokens in tests). */
  providerSecrets?: Record<string, string>;
  /** The cap on one received file (MEDIA_MAX_BYTES by default). */
  mediaMaxBytes?: number;
  /** Pause before a media fetch is retried (SQS's visibility timeout in AWS). */
  mediaRetryDelayMs?: number;
}

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
  /** One run of the support cases' reminders, the same handler the schedule runs (beside the sweep). */
  sendCaseReminders(): Promise<ReminderSweepResult>;
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
  const db = forInProcessUse(createDocumentClient(dynamo.clientConfig));
  options.instrumentClient?.(db);
  const deadLetters = new FolderDeadLetters(
    options.dataDir ? join(options.dataDir, 'dead-letters') : undefined,
  );
  const bus = new LocalTicketEventBus(
    options.dataDir ? join(options.dataDir, 'ticket-events.jsonl') : undefined,
  );
  const ids = ulidGenerator();
  const outbox = new LocalOutbox(ids, options.dataDir ? join(options.dataDir, 'outbox') : undefined);
  const identityProvider = await LocalIdentityProvider.open(
    options.dataDir ? join(options.dataDir, 'keys', 'local-idp.json') : undefined,
  );
  const mediaQueue = new LocalMediaFetchQueue(
    deadLetters,
    options.mediaRetryDelayMs,
    options.dataDir ? join(options.dataDir, 'media-fetch') : undefined,
  );
  const logins = new LoginRepository(db, tableName);
  // Links point at this server once it listens (PUBLIC_API_URL and PUBLIC_SITE_URL override, as in AWS).
  const urlOf = (port: number) => `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  // Known before it listens when the port is fixed (npm start), so links in what start-up writes (the demo's
  // messages) are whole; with a free port (tests) they are whole from the moment it listens.
  let listeningUrl = options.port ? urlOf(options.port) : '';
  const platform = localPlatform(options, {
    db,
    tableName,
    ids,
    bus,
    outbox,
    deadLetters,
    mediaQueue,
    identityProvider,
    logins,
    listeningUrl: () => listeningUrl,
  });
  const deps = buildDependencies(platform, ...EVERY_PART);
  const { store } = deps;
  // The same factory as the deployed aggregator's, so both count business time on the society's calendar.
  const aggregatorDeps = aggregatorOn(platform);
  const aggregator = createReportAggregatorHandler(() => aggregatorDeps);
  const stream = new LocalChangeStream({
    clientConfig: dynamo.clientConfig,
    tableName,
    watch: isTicketItem,
    // An invocation of its own, as Lambda's stream poller makes: not part of the write that made the records.
    consumer: (event) => invokeLocally('reportAggregator', aggregator, event),
    // Beside dynalite's folder: what the consumer has not acknowledged outlives a kill, as the real stream does.
    journal: options.dataDir ? join(options.dataDir, 'dynamodb.stream.jsonl') : undefined,
  });
  stream.attach(db);
  // Before anything is written: the changes a killed run never delivered are delivered first.
  const replayed = await stream.recover();
  if (replayed > 0) console.warn(`Delivering ${replayed} table changes the last run had not delivered`);
  // As the media-fetcher function consumes the media-fetch queue in AWS.
  mediaQueue.consumeWith(createMediaFetcherHandler(() => deps));
  const refetching = await mediaQueue.resume();
  if (refetching > 0)
    console.warn(`Fetching again ${refetching} files the last run had not finished fetching`);
  // As the search-indexer function is subscribed to the ticketEvents topic in AWS, with the same dependencies.
  const searchIndexerDeps = searchIndexerDependencies(platform);
  const searchIndexer = createSearchIndexerHandler(() => searchIndexerDeps);
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const run = work.finally(() => inFlight.delete(run));
    inFlight.add(run);
    return run;
  };
  bus.consume((change) =>
    track(
      invokeLocally('searchIndexer', searchIndexer, localSnsEvent(JSON.stringify(change))).catch(
        (error: unknown) => console.error('Search indexing failed', error),
      ),
    ),
  );
  await seedConfiguration(store, deps.config);
  // The demo's history replies and surveys go to the outbox, never to a real provider (SANAD_LIVE_CHANNELS).
  const demoSenders = { ...deps.senders, ...localOutboxSenders(outbox, deps.fileLinks) };
  if (options.seedDemoTickets) await seedDemoTickets({ ...deps, senders: demoSenders });
  // Agents' kept counts start from their history: a data folder may hold tickets from before the count was kept.
  await stream.settled();
  for (const user of await store.listStaffUsers()) await store.directory.recountActiveTickets(user.id);
  // What the last run recorded but never sent goes out now, before anything is served: any attempt still holding
  // a message died with that run, so its lease is not waited out (the drain then runs every minute, as in AWS).
  await drainOutboxAtStart(deps, { takeOverLeases: true }).catch((error: unknown) =>
    console.error('Outbox drain failed', error),
  );

  const server = createServer(
    createRequestListener({
      functions: localHttpFunctions(deps),
      storeRefusal: dynamo.writesRefused,
      localRoutes: {
        ...localSignInRoutes(identityProvider, logins, (userId) => store.getStaffUser(userId)),
        'GET /auth/local/jwks.json': async (_request, _body, response) =>
          send(response, 200, identityProvider.jwks),
        ...standInRoutes(deps, outbox, deadLetters),
      },
      webRoot: WEB_ROOT,
      corsOrigins: options.corsOrigins,
    }),
  );
  const closeLiveInbox = attachLiveInbox(server, { verifier: deps.verifier, store, bus });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const url = urlOf(port);
  listeningUrl = url;
  // As the survey-sender function is subscribed to the ticketEvents topic in AWS; links point at this server.
  const surveySender = createSurveySenderHandler(() => deps);
  bus.consume((change) =>
    track(
      invokeLocally('surveySender', surveySender, localSnsEvent(JSON.stringify(change))).catch(
        (error: unknown) => console.error('Survey sending failed', error),
      ),
    ),
  );
  const handedOver = bus.recover();
  if (handedOver > 0)
    console.warn(`Indexing and surveying ${handedOver} ticket changes the last run had not finished`);
  let smtp: SmtpListener | undefined;
  if (options.smtpPort !== undefined) {
    smtp = await startSmtpListener(deps, {
      port: options.smtpPort,
      host,
      authenticate: options.authenticateLocalMail,
    });
  }

  const escalationHandler = createEscalationSweepHandler(() => deps);
  const outboxHandler = createOutboxDrainHandler(() => deps);
  const drainOutbox = () => invokeLocally('outboxDrain', outboxHandler, {} as ScheduledEvent);
  const sweepEscalations = () => invokeLocally('escalationSweep', escalationHandler, {} as ScheduledEvent);
  const remindersHandler = createCaseRemindersHandler(() => deps);
  const sendCaseReminders = () => invokeLocally('caseReminders', remindersHandler, {} as ScheduledEvent);
  let sweeping: Promise<unknown> | undefined;
  const escalationTimer = options.escalationEveryMs
    ? setInterval(() => {
        // A sweep still running when the next tick comes is left to finish; runs never overlap.
        sweeping ??= Promise.all([sweepEscalations(), sendCaseReminders(), drainOutbox()])
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
    sendCaseReminders,
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
      bus.close();
      await dynamo.close();
    },
  };
}
