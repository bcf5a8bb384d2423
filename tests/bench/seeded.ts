/** Parts on seeded tickets (in-memory dynalite, bulk-loaded): the inbox list and the escalation sweep at scale. */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { ticketItem } from '../../functions/adapters/dynamodb/ticket-items.ts';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { signIn } from '../support/runtime.ts';
import { inboxPageSize } from './day.ts';
import { judge, results } from './report.ts';
import { percentile, round, runPool, timed } from './stats.ts';

/**
 * A runtime on in-memory dynalite, and a plain client to the same dynalite for seeding: writes through it skip
 * the local change-stream emulation, as a bulk load would not go through the report aggregator.
 */
async function newRuntime(): Promise<{ runtime: LocalRuntime; db: DynamoDBDocumentClient }> {
  const runtime = await startLocalRuntime({ port: 0 });
  return { runtime, db: rawClient(runtime) };
}

function rawClient(runtime: LocalRuntime): DynamoDBDocumentClient {
  return createDocumentClient({
    endpoint: runtime.dynamoEndpoint,
    region: 'me-south-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

function benchTicket(index: number, queueId: string, status: Ticket['status'], nextCheckAt?: string): Ticket {
  const at = new Date(Date.now() - index * 1000).toISOString();
  const id = `01BENCH${String(index).padStart(19, '0')}`;
  return {
    id,
    reference: `SND-2026-${String(index).padStart(6, '0')}`,
    type: 'inquiry',
    status,
    priority: 'normal',
    queueId,
    contactId: `CBENCH${index}`,
    contactName: 'مستفيد',
    channel: 'sms',
    subject: 'استفسار',
    preview: 'استفسار عن الطلب',
    tags: [],
    messageCount: 1,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    sla: nextCheckAt
      ? {
          policyId: 'standard',
          clocks: {
            firstResponse: {
              startedAt: at,
              warnAt: nextCheckAt,
              dueAt: new Date(Date.parse(nextCheckAt) + 3_600_000).toISOString(),
            },
          },
          nextCheckAt,
        }
      : undefined,
  };
}

async function seed(db: DynamoDBDocumentClient, tickets: Ticket[]): Promise<void> {
  const batches: Ticket[][] = [];
  for (let start = 0; start < tickets.length; start += 25) batches.push(tickets.slice(start, start + 25));
  await runPool(batches.length, 8, async (index) => {
    let pending = (batches[index] ?? []).map((ticket) => ({ PutRequest: { Item: ticketItem(ticket, 1) } }));
    while (pending.length > 0) {
      const result = await db.send(new BatchWriteCommand({ RequestItems: { sanad: pending } }));
      pending = (result.UnprocessedItems?.sanad ?? []) as typeof pending;
    }
  });
}

/** Sweeps timed per size; their median is compared. */
const SWEEP_ROUNDS = 9;

const QUEUES = ['beneficiary-relations', 'social-research', 'volunteering', 'branch-north'];
const STATUSES: Ticket['status'][] = ['new', 'open', 'pending_beneficiary', 'resolved'];

export async function inboxList(): Promise<void> {
  const table: Record<string, unknown> = {};
  const pageSize = await inboxPageSize();
  for (const size of [1_000, 10_000, 100_000]) {
    const { runtime, db } = await newRuntime();
    const seeding = await timed(() =>
      seed(
        db,
        Array.from({ length: size }, (_unused, index) =>
          benchTicket(index, QUEUES[index % 4] as string, STATUSES[index % 4] as Ticket['status']),
        ),
      ),
    );
    const token = await signIn(runtime, 'supervisor@sanad.local');
    const durations: number[] = [];
    for (let request = 0; request < 60; request++) {
      const { ms } = await timed(async () => {
        const response = await fetch(`${runtime.url}/api/tickets?limit=${pageSize}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        await response.json();
      });
      if (request >= 10) durations.push(ms);
    }
    table[`${size.toLocaleString('en')} tickets`] = {
      p50: round(percentile(durations, 0.5), 2),
      p99: round(percentile(durations, 0.99), 2),
      seedSeconds: round(seeding.ms / 1000),
    };
    await runtime.close();
  }
  console.log(
    `\nInbox: GET /api/tickets first page (${pageSize}, as the inbox asks), supervisor (all queues, active statuses), ms`,
  );
  console.table(table);
  results.inboxList = table;
}

export async function escalation(): Promise<void> {
  const sizes = [1_000, 100_000];
  // Both stores are seeded first and their sweeps timed in turns, so the machine's drift during the run (other
  // work, warming up) falls on both alike instead of on whichever ran second.
  const stores = [];
  for (const notDue of sizes) {
    const { runtime, db } = await newRuntime();
    const future = new Date(Date.now() + 30 * 86_400_000);
    await seed(
      db,
      Array.from({ length: notDue }, (_unused, index) =>
        benchTicket(
          index,
          QUEUES[index % 4] as string,
          'open',
          new Date(future.getTime() + (index % 500) * 3_600_000).toISOString(),
        ),
      ),
    );
    stores.push({ notDue, runtime, db, durations: [] as number[] });
  }
  const past = new Date(Date.now() - 60_000).toISOString();
  for (let round_ = 0; round_ < SWEEP_ROUNDS; round_++) {
    for (const store of stores) {
      await seed(
        store.db,
        Array.from({ length: 100 }, (_unused, index) =>
          benchTicket(1_000_000 + round_ * 1000 + index, 'beneficiary-relations', 'open', past),
        ),
      );
      const { ms, value } = await timed(() => store.runtime.sweepEscalations());
      if (value.warnings !== 100) throw new Error(`expected 100 warnings, got ${value.warnings}`);
      store.durations.push(ms);
      // What the sweep's changes set off (reports, search, notices) finishes outside the next round's time.
      await store.runtime.settled();
    }
  }
  const table: Record<string, unknown> = {};
  const medians = stores.map(({ notDue, durations }) => {
    const median = percentile(durations, 0.5);
    table[`100 due among ${notDue.toLocaleString('en')} not due`] = { sweepMsP50: round(median, 1) };
    return median;
  });
  for (const { runtime } of stores) await runtime.close();
  const ratio = round((medians[1] as number) / (medians[0] as number), 2);
  console.log(
    '\nEscalation sweep (100 due tickets; the rest open with running clocks not yet due; rounds in turns)',
  );
  console.table(table);
  judge('escalation sweep time, 100k / 1k not due', ratio, '≤', 1.2);
  results.escalation = { table, ratio };
}
