/**
 * `npm run bench`: measures the system on the local runtime (dynalite), prints tables and writes the figures to
 * bench-results/<time>.json so runs can be compared. Every figure and ratio comes from this one run.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import { ticketItem } from '../../functions/adapters/dynamodb/intake-repository.ts';
import { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import { ulidGenerator } from '../../functions/adapters/ids.ts';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import { rulesRouter } from '../../shared/routing/rules-router.ts';
import { DEFAULT_CALENDAR } from '../../shared/sla/defaults.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { signIn } from '../support/runtime.ts';
import { RequestCounter } from './request-counter.ts';
import { percentile, round, runPool, timed } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };

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

let phoneSequence = 0;
const aForm = () => {
  phoneSequence += 1;
  return {
    name: 'أم سعد',
    phone: `05${String(50_000_000 + phoneSequence).padStart(8, '0')}`,
    subject: 'استفسار عن موعد الصرف',
    message: 'السلام عليكم، متى يتم صرف المساعدة الشهرية؟',
  };
};

async function postForm(runtime: LocalRuntime, body: unknown): Promise<void> {
  const response = await fetch(`${runtime.url}/public/contact`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`web form answered ${response.status}`);
  await response.arrayBuffer();
}

async function ingestion(): Promise<void> {
  const { runtime, db } = await newRuntime();
  const sequential = await runPool(300, 1, () => postForm(runtime, aForm()));
  const concurrent = await runPool(400, 8, () => postForm(runtime, aForm()));

  const inbound = (index: number, phone?: string) => ({
    channel: 'sms' as const,
    providerMessageId: `bench-${index}-${Math.random()}`,
    identities: [
      {
        kind: 'phone' as const,
        value: phone ?? `+9665${String(60_000_000 + index).padStart(8, '0')}`,
        assurance: 'verified' as const,
      },
    ],
    displayName: 'أبو محمد',
    text: 'أرغب في الاستفسار عن طلبي',
    attachments: [],
    receivedAt: new Date().toISOString(),
  });
  const direct = await runPool(300, 1, (index) => ingestContact(runtime.deps, inbound(index)));

  // Requests per new contact and per follow-up message, made by the ingest use case itself: its own client, with
  // the SLA settings cached as in Lambda; the table stream and event subscribers are other functions in AWS.
  const counter = new RequestCounter();
  const counted = rawClient(runtime);
  counter.attach(counted);
  const store = new TicketRepository(counted, 'sanad');
  const config = new ConfigRepository(counted, 'sanad');
  const ingestOnly = {
    store,
    clock: systemClock,
    ids: ulidGenerator(),
    events: { publish: async () => undefined },
    router: rulesRouter(config.cachedRuleSet()),
    sla: config.slaSettings(DEFAULT_CALENDAR),
    assignment: store,
  };
  const perContact = { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 };
  const perFollowUp = { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 };
  const add = (into: typeof perContact, before: typeof perContact, after: typeof perContact) => {
    for (const key of Object.keys(into) as (keyof typeof into)[])
      into[key] += (after[key] - before[key]) / 50;
  };
  for (let index = 0; index < 50; index++) {
    const phone = `+9665${String(70_000_000 + index).padStart(8, '0')}`;
    let before = counter.snapshot();
    await ingestContact(ingestOnly, inbound(10_000 + index, phone));
    let after = counter.snapshot();
    add(perContact, before, after);
    before = after;
    await ingestContact(ingestOnly, inbound(20_000 + index, phone));
    after = counter.snapshot();
    add(perFollowUp, before, after);
  }

  // The bare minimum: the same number of single-item writes a new contact makes, issued directly.
  const writesPerContact = Math.round(perContact.writes);
  const bare = await runPool(300, 1, async (index) => {
    for (let write = 0; write < writesPerContact; write++) {
      await db.send(
        new PutCommand({ TableName: 'sanad', Item: { PK: `BENCH#${index}`, SK: `W#${write}`, text: 'x' } }),
      );
    }
  });
  await runtime.close();

  const rate = (run: { durations: number[]; totalMs: number }) =>
    round((run.durations.length / run.totalMs) * 1000);
  const table = {
    'HTTP web form, sequential': {
      perSecond: rate(sequential),
      p50: round(percentile(sequential.durations, 0.5), 2),
      p99: round(percentile(sequential.durations, 0.99), 2),
    },
    'HTTP web form, concurrency 8': {
      perSecond: rate(concurrent),
      p50: round(percentile(concurrent.durations, 0.5), 2),
      p99: round(percentile(concurrent.durations, 0.99), 2),
    },
    'ingest use case directly, sequential': {
      perSecond: rate(direct),
      p50: round(percentile(direct.durations, 0.5), 2),
      p99: round(percentile(direct.durations, 0.99), 2),
    },
    [`bare ${writesPerContact} PutItem writes`]: {
      perSecond: rate(bare),
      p50: round(percentile(bare.durations, 0.5), 2),
      p99: round(percentile(bare.durations, 0.99), 2),
    },
  };
  console.log('\nIngestion (contacts per second; latency in ms)');
  console.table(table);
  const requests = {
    'new contact': {
      reads: round(perContact.reads, 2),
      writes: round(perContact.writes, 2),
      RCU: round(perContact.readUnits, 2),
      WCU: round(perContact.writeUnits, 2),
      // Commit point, reservation, counter, items, ticket, applied mark: what makes intake crash-safe.
      writeTarget: '≤ 6',
      verdict: round(perContact.writes, 2) <= 6 ? 'PASS' : 'FAIL',
    },
    'follow-up message': {
      reads: round(perFollowUp.reads, 2),
      writes: round(perFollowUp.writes, 2),
      RCU: round(perFollowUp.readUnits, 2),
      WCU: round(perFollowUp.writeUnits, 2),
      writeTarget: '≤ 4',
      verdict: round(perFollowUp.writes, 2) <= 4 ? 'PASS' : 'FAIL',
    },
  };
  console.log('DynamoDB requests per contact');
  console.table(requests);
  const ratio = round(percentile(direct.durations, 0.5) / percentile(bare.durations, 0.5), 2);
  console.log(`Ingest time / bare minimum writes (p50): ${ratio}×`);
  results.ingestion = { table, requests, ingestToBareRatio: ratio };
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

const QUEUES = ['beneficiary-relations', 'social-research', 'volunteering', 'branch-north'];
const STATUSES: Ticket['status'][] = ['new', 'open', 'pending_beneficiary', 'resolved'];

async function inboxList(): Promise<void> {
  const table: Record<string, unknown> = {};
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
        const response = await fetch(`${runtime.url}/api/tickets?limit=25`, {
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
  console.log('\nInbox: GET /api/tickets first page (25), supervisor (all queues, active statuses), ms');
  console.table(table);
  results.inboxList = table;
}

async function escalation(): Promise<void> {
  const table: Record<string, unknown> = {};
  const medians: number[] = [];
  for (const notDue of [1_000, 100_000]) {
    const { runtime, db } = await newRuntime();
    const future = new Date(Date.now() + 30 * 86_400_000);
    const past = new Date(Date.now() - 60_000).toISOString();
    const tickets = Array.from({ length: notDue }, (_unused, index) =>
      benchTicket(
        index,
        QUEUES[index % 4] as string,
        'open',
        new Date(future.getTime() + (index % 500) * 3_600_000).toISOString(),
      ),
    );
    await seed(db, tickets);
    const durations: number[] = [];
    for (let round_ = 0; round_ < 5; round_++) {
      await seed(
        db,
        Array.from({ length: 100 }, (_unused, index) =>
          benchTicket(1_000_000 + round_ * 1000 + index, 'beneficiary-relations', 'open', past),
        ),
      );
      const { ms, value } = await timed(() => runtime.sweepEscalations());
      if (value.warnings !== 100) throw new Error(`expected 100 warnings, got ${value.warnings}`);
      durations.push(ms);
    }
    const median = percentile(durations, 0.5);
    medians.push(median);
    table[`100 due among ${notDue.toLocaleString('en')} not due`] = { sweepMsP50: round(median, 1) };
    await runtime.close();
  }
  const ratio = round((medians[1] as number) / (medians[0] as number), 2);
  console.log('\nEscalation sweep (100 due tickets; the rest open with running clocks not yet due)');
  console.table(table);
  console.log(`100k / 1k sweep time: ${ratio}× (target ≤ 1.2×: ${ratio <= 1.2 ? 'PASS' : 'FAIL'})`);
  results.escalation = { table, ratio };
}

async function bundles(): Promise<void> {
  // Inside the project, so a bundle's external AWS SDK imports resolve as they would in the Lambda runtime.
  const out = join(ROOT, 'node_modules', '.cache', `sanad-bench-bundles-${process.pid}`);
  const entries = { ...HTTP_FUNCTIONS, ...EVENT_FUNCTIONS } as Record<string, { entry: string }>;
  const table: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(entries)) {
    const outfile = join(out, `${name}.mjs`);
    await build({
      entryPoints: [join(ROOT, spec.entry)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      external: ['@aws-sdk/*'],
      banner: {
        js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'silent',
    });
    const size = (await stat(outfile)).size;
    const script = `const t=performance.now();await import(${JSON.stringify(outfile)});console.log(performance.now()-t)`;
    const initMs = Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'SILENT' },
      })
        .toString()
        .trim(),
    );
    table[name] = {
      kB: round(size / 1024),
      gzipKB: round(gzipSync(await readFile(outfile)).length / 1024),
      initMs: round(initMs, 1),
    };
  }
  await rm(out, { recursive: true, force: true });
  console.log('\nLambda bundles (esbuild, ESM, minified, AWS SDK external as in the Node 22 runtime)');
  console.table(table);
  results.bundles = table;

  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'silent'], {
    cwd: ROOT,
  });
  const assets = join(ROOT, 'web/dist/assets');
  let js = 0;
  let gzip = 0;
  for (const file of await readdir(assets)) {
    if (!file.endsWith('.js')) continue;
    const body = await readFile(join(assets, file));
    js += body.length;
    gzip += gzipSync(body).length;
  }
  const web = { jsKB: round(js / 1024), gzipKB: round(gzip / 1024) };
  console.log(`Inbox web build: ${web.jsKB} kB of JavaScript, ${web.gzipKB} kB gzip`);
  results.web = web;
}

// BENCH_ONLY=ingestion,escalation runs just those parts (all by default).
const parts = { ingestion, inboxList, escalation, bundles };
const only = process.env.BENCH_ONLY?.split(',');
for (const [name, part] of Object.entries(parts)) if (!only || only.includes(name)) await part();
await mkdir(join(ROOT, 'bench-results'), { recursive: true });
const file = join(ROOT, 'bench-results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(file, JSON.stringify(results, null, 2));
console.log(`\nResults written to ${file}`);
process.exit(0);
