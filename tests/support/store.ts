import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { OptOutRepository } from '../../functions/adapters/dynamodb/opt-out-repository.ts';
import { DynamoTextBudget, OutboxRepository } from '../../functions/adapters/dynamodb/outbox-repository.ts';
import { SurveyRepository } from '../../functions/adapters/dynamodb/survey-repository.ts';
import { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import { ulidGenerator } from '../../functions/adapters/ids.ts';
import { LocalTicketEventBus } from '../../infra/local/event-bus.ts';
import { FolderObjectStore } from '../../infra/local/folder-object-store.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';
import { seedConfiguration } from '../../infra/local/seed.ts';
import { defaultQueueRouter } from '../../shared/domain/routing.ts';
import type { TicketChanged } from '../../shared/domain/ticket-change.ts';
import type { IngestDeps } from '../../shared/use-cases/ingest-deps.ts';

export interface TestStore {
  dynamo: LocalDynamoDB;
  store: TicketRepository;
  deps: IngestDeps & { writer: { id: string; sole: boolean } };
  published: TicketChanged[];
  /** The document client on the test table, for repositories a test adds. */
  db: DynamoDBDocumentClient;
  /** Moves the clock the use cases read. */
  setNow(date: Date): void;
  /** Moves that clock on by `ms` from where it stands. */
  later(ms: number): void;
}

/** A fresh in-memory dynalite with the real table, the demo queues and staff, and ingest wired to it. */
export async function startTestStore(): Promise<TestStore> {
  const dynamo = await startLocalDynamoDB({ tableName: 'sanad-test' });
  const db = createDocumentClient(dynamo.clientConfig);
  const store = new TicketRepository(db, 'sanad-test');
  await seedConfiguration(store);
  const bus = new LocalTicketEventBus();
  const published: TicketChanged[] = [];
  bus.subscribe((change) => published.push(change));
  let now: Date | undefined;
  return {
    dynamo,
    store,
    published,
    db,
    setNow: (date) => {
      now = date;
    },
    later: (ms) => {
      now = new Date((now ?? new Date()).getTime() + ms);
    },
    deps: {
      store,
      clock: { now: () => now ?? new Date() },
      ids: ulidGenerator(),
      events: bus,
      router: defaultQueueRouter,
      writer: { id: 'test-writer', sole: false },
    },
  };
}

/** The outbox and what sending through it reads (opt-outs, the daily text budget, surveys), on the test table. */
export function outboxPorts(db: DynamoDBDocumentClient) {
  return {
    outbox: new OutboxRepository(db, 'sanad-test'),
    optOuts: new OptOutRepository(db, 'sanad-test'),
    textBudget: new DynamoTextBudget(db, 'sanad-test'),
    outboxAlerts: { budgetExhausted: () => {} },
    unconfirmedTextsPerDay: 1000,
    surveys: new SurveyRepository(db, 'sanad-test'),
    objects: new FolderObjectStore(),
  };
}
