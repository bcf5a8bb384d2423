import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { signIn } from '../support/runtime.ts';
import { type BenchServer, folderBytes, groupCpuMs, groupRssMb, startBenchServer } from './bench-server.ts';
import { judge, note, results } from './report.ts';
import { type Counts, difference, noCounts } from './request-counter.ts';
import { percentile, round, timed } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const HOUR_MS = 3_600_000;
/** The day is cut into hours; the first and last hour's CPU are compared. */
const SLICES = 24;
/** The data-folder checkpoint: a day of web-form contacts at the society's peak. */
const CHECKPOINT = 1_900;

const aForm = (index: number) => ({
  name: 'أم سعد',
  phone: `05${String(50_000_000 + index).padStart(8, '0')}`,
  subject: 'استفسار عن موعد الصرف',
  message: 'السلام عليكم، متى يتم صرف المساعدة الشهرية؟ لم يصلني إشعار هذا الشهر وأرجو الإفادة.',
});

/** Words a beneficiary's later messages use, so a long conversation's messages are not all the same. */
const LATER_WORDS = [
  'الإيجار',
  'الكهرباء',
  'المدرسة',
  'العلاج',
  'الموعد',
  'البطاقة',
  'الراتب',
  'الأسرة',
  'السكن',
];

const anSms = (index: number, round_: number) => ({
  originationNumber: `+9665${String(60_000_000 + index).padStart(8, '0')}`,
  destinationNumber: '+966112345678',
  messageBody:
    round_ === 0
      ? 'أرغب في الاستفسار عن طلبي'
      : round_ === 1
        ? 'وهل أحتاج إلى إرفاق مستندات أخرى؟'
        : `بخصوص ${LATER_WORDS[round_ % LATER_WORDS.length]} رقم ${round_}، هل وصلكم ما أرسلته عن حالتنا؟`,
  inboundMessageId: `bench-sms-${index}-${round_}`,
});

/** The message of a conversation whose follow-up is also measured deep in the thread. */
const LONG_THREAD_AT = 10;
const LONG_THREADS = 20;

async function post(url: string, body: unknown): Promise<number> {
  const { ms, value: response } = await timed(() =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  await response.arrayBuffer();
  if (response.status === 429) {
    throw new Error(
      'POST /public/contact answered 429: the per-address limit (PUBLIC_LIMITS.contactsPerIp in shared/domain/public-limits.ts, keyed by the socket address in infra/local/api-gateway-event.ts) blocks the day',
    );
  }
  if (response.status >= 300) throw new Error(`${url} answered ${response.status}`);
  return ms;
}

interface Slice {
  contacts: number;
  /** Whether the requests were counted (units, with the counter's image reads: CPU inflated). */
  counted?: boolean;
  cpuMs: number;
  counts: Counts;
  latencies: number[];
}

/**
 * Runs `count` requests against the server, then waits for the background work they started (stream,
 * indexing, surveys) and measures what the server's process group spent, CPU and DynamoDB, meanwhile.
 */
async function measured(
  server: BenchServer,
  counting: boolean,
  count: number,
  request: (index: number) => Promise<number>,
): Promise<Slice> {
  await server.command({ op: 'counting', on: counting });
  const before = (await server.command({ op: 'settle' })).counts;
  const cpuBefore = groupCpuMs(server.group);
  const latencies: number[] = [];
  for (let index = 0; index < count; index++) latencies.push(await request(index));
  const after = (await server.command({ op: 'settle' })).counts;
  return {
    contacts: count,
    cpuMs: groupCpuMs(server.group) - cpuBefore,
    counts: difference(after, before),
    latencies,
  };
}

const sum = (slices: Slice[]) =>
  slices.reduce(
    (total, slice) => ({
      contacts: total.contacts + slice.contacts,
      counts: add(total.counts, slice.counts),
    }),
    { contacts: 0, counts: noCounts() },
  );
const add = (a: Counts, b: Counts) => difference(a, b, 1);
const sumCpu = (slices: Slice[]) => slices.reduce((total, slice) => total + slice.cpuMs, 0);

/** DynamoDB figures per item of work (contact, follow-up, page). */
function perUnit(counts: Counts, units: number) {
  const per = (value: number) => round(value / units, 2);
  return {
    requests: per(counts.requests),
    readItems: per(counts.readItems),
    writeItems: per(counts.writeItems),
    RRU: per(counts.readUnits),
    tableWRU: per(counts.tableWriteUnits),
    indexWrites: per(counts.indexWrites),
    indexWRU: per(counts.indexWriteUnits),
    WRU: per(counts.tableWriteUnits + counts.indexWriteUnits),
    writtenKB: per(counts.writtenBytes / 1024),
  };
}

/** Sequential DynamoDB round trips per invocation of each function that made requests, as each waits on them. */
const roundTrips = (counts: Counts) =>
  Object.fromEntries(
    Object.entries(counts.roundTripsByFunction)
      .sort((a, b) => b[1].invocations - a[1].invocations)
      .map(([name, { invocations, sequential }]) => [
        name,
        { invocations, 'round trips per invocation': round(sequential / invocations, 2) },
      ]),
  );

const perKind = (counts: Counts, units: number) =>
  Object.fromEntries(
    Object.entries(counts.writeUnitsByKind)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, value]) => [kind, round(value / units, 2)]),
  );

const prefixed = <T>(prefix: string, record: Record<string, T>) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [`${prefix}${key}`, value]));

/** The page size the inbox asks for, read from the web app itself. */
export async function inboxPageSize(): Promise<number> {
  const source = await readFile(join(ROOT, 'web/src/lib/state/inbox.svelte.ts'), 'utf8');
  const size = Number(/const PAGE_SIZE = (\d+);/.exec(source)?.[1]);
  if (!size) throw new Error('PAGE_SIZE not found in web/src/lib/state/inbox.svelte.ts');
  return size;
}

/**
 * A day of web-form contacts posted over HTTP to the runtime in its own process, on an on-disk data folder,
 * then follow-ups by SMS and the inbox's first page on that day's data.
 */
export async function day(): Promise<void> {
  const contacts = Number(process.env.BENCH_DAY_CONTACTS ?? 10_000);
  const followUps = Number(process.env.BENCH_FOLLOW_UPS ?? 100);
  const dataDir = await mkdtemp(join(tmpdir(), 'sanad-bench-day-'));
  const server = await startBenchServer(dataDir);
  // Midnight in Riyadh (UTC+3) today: the simulated day's hours are set on the server's clock as they pass.
  const dayStart =
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - 3 * HOUR_MS;
  const slices: Slice[] = [];
  // The schedule's work at the end of each simulated hour, measured on its own (see tests/bench/server.ts).
  const scheduled: Slice[] = [];
  let posted = 0;
  let checkpointMb: number | undefined;
  const postForms = (from: number, count: number, counting: boolean) =>
    measured(server, counting, count, (index) => post(`${server.url}/public/contact`, aForm(from + index)));
  for (let hour = 0; hour < SLICES; hour++) {
    await server.command({ op: 'clock', at: dayStart + hour * HOUR_MS });
    const count = Math.floor(((hour + 1) * contacts) / SLICES) - Math.floor((hour * contacts) / SLICES);
    // The second hour and the last are measured for CPU with the counter paused, as `npm start` runs; the others count units.
    const counting = hour !== 1 && hour !== SLICES - 1;
    // The hour holding the checkpoint stops there a moment to weigh the data folder.
    const beforeCheckpoint =
      posted < CHECKPOINT && posted + count >= CHECKPOINT ? CHECKPOINT - posted : count;
    const slice = await postForms(posted, beforeCheckpoint, counting);
    if (beforeCheckpoint < count || posted + count === CHECKPOINT)
      checkpointMb = folderBytes(dataDir) / 1024 / 1024;
    if (beforeCheckpoint < count) {
      const rest = await postForms(posted + beforeCheckpoint, count - beforeCheckpoint, counting);
      slice.contacts += rest.contacts;
      slice.cpuMs += rest.cpuMs;
      slice.counts = add(slice.counts, rest.counts);
      slice.latencies.push(...rest.latencies);
    }
    slices.push({ ...slice, counted: counting });
    posted += count;
    scheduled.push(
      await measured(server, true, 1, () =>
        timed(() => server.command({ op: 'schedule' })).then(({ ms }) => ms),
      ),
    );
    if (process.stdout.isTTY) process.stdout.write(`\r  day: ${posted}/${contacts} contacts`);
  }
  const dataMb = round(folderBytes(dataDir) / 1024 / 1024, 1);
  // Which part of the data folder grew: dynalite's LevelDB, the outbox, objects, keys.
  const dataMbByFolder = Object.fromEntries(
    (await readdir(dataDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => [entry.name, round(folderBytes(join(dataDir, entry.name)) / 1024 / 1024, 1)]),
  );
  const rssMb = round(groupRssMb(server.group));

  // Follow-ups: a first SMS opens a ticket, a second from the same number joins it.
  const sms = `${server.url}/local/sms`;
  const firstSms = await measured(server, true, 2 * followUps, (index) => post(sms, anSms(index, 0)));
  const followUpCpu = await measured(server, false, followUps, (index) => post(sms, anSms(index, 1)));
  const followUpUnits = await measured(server, true, followUps, (index) =>
    post(sms, anSms(followUps + index, 1)),
  );

  // A long conversation: what its tenth message costs, with the thread's earlier words already indexed.
  const longFrom = 2 * followUps;
  for (let round_ = 0; round_ < LONG_THREAD_AT - 1; round_++) {
    await measured(server, true, LONG_THREADS, (index) => post(sms, anSms(longFrom + index, round_)));
  }
  const longThreadUnits = await measured(server, true, LONG_THREADS, (index) =>
    post(sms, anSms(longFrom + index, LONG_THREAD_AT - 1)),
  );

  // The day's breaches are escalated by a sweep of their own, so none runs inside the page's measure.
  const catchUp = await measured(server, true, 1, () =>
    timed(() => server.command({ op: 'sweep' })).then(({ ms }) => ms),
  );
  const pageSize = await inboxPageSize();
  const token = await signIn({ url: server.url } as LocalRuntime, 'supervisor@sanad.local');
  let rows = 0;
  const page = await measured(server, true, 30, async () => {
    const { ms, value } = await timed(async () => {
      const response = await fetch(`${server.url}/api/tickets?limit=${pageSize}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await response.json()) as { tickets: unknown[] };
    });
    rows = value.tickets.length;
    return ms;
  });
  await server.close();
  await rm(dataDir, { recursive: true, force: true });

  const start = slices[1] as Slice;
  const end = slices[SLICES - 1] as Slice;
  const cpu = (slice: Slice) => round(slice.cpuMs / slice.contacts, 2);
  const unitSlices = sum(slices.filter((_slice, hour) => hour !== 1 && hour !== SLICES - 1));
  const newContact = perUnit(unitSlices.counts, unitSlices.contacts);
  const table = {
    'new web-form contact, 2nd hour': {
      cpuMs: cpu(start),
      p50: round(percentile(start.latencies, 0.5), 2),
      p99: round(percentile(start.latencies, 0.99), 2),
    },
    'new web-form contact, last hour': {
      cpuMs: cpu(end),
      p50: round(percentile(end.latencies, 0.5), 2),
      p99: round(percentile(end.latencies, 0.99), 2),
    },
    'SMS follow-up': {
      cpuMs: cpu(followUpCpu),
      p50: round(percentile(followUpCpu.latencies, 0.5), 2),
      p99: round(percentile(followUpCpu.latencies, 0.99), 2),
    },
    'scheduled work in the day (24 hourly runs), per new contact': {
      cpuMs: round(sumCpu(scheduled) / contacts, 2),
      p50: round(
        percentile(
          scheduled.flatMap((run) => run.latencies),
          0.5,
        ),
        2,
      ),
      p99: round(
        percentile(
          scheduled.flatMap((run) => run.latencies),
          0.99,
        ),
        2,
      ),
    },
    'escalation sweep after the day': {
      cpuMs: round(catchUp.cpuMs, 2),
      p50: round(catchUp.latencies[0] ?? Number.NaN, 2),
      p99: round(catchUp.latencies[0] ?? Number.NaN, 2),
    },
    [`inbox first page (${pageSize} asked, ${rows} rows)`]: {
      cpuMs: cpu(page),
      p50: round(percentile(page.latencies.slice(5), 0.5), 2),
      p99: round(percentile(page.latencies.slice(5), 0.99), 2),
    },
  };
  const dynamo = {
    'new contact': newContact,
    'SMS follow-up': perUnit(followUpUnits.counts, followUps),
    [`SMS follow-up, message ${LONG_THREAD_AT} of a conversation`]: perUnit(
      longThreadUnits.counts,
      LONG_THREADS,
    ),
    'scheduled work in the day, per new contact': perUnit(sum(scheduled).counts, contacts),
    'escalation sweep after the day': perUnit(catchUp.counts, 1),
    'inbox first page': perUnit(page.counts, page.contacts),
  };
  console.log(
    `\nA day of ${contacts} web-form contacts over HTTP, server in its own process (CPU of its process group, ms; latency ms)`,
  );
  console.table(table);
  console.log(
    'DynamoDB per item of work, the server and its consumers (stream, search index, surveys, sweeps)',
  );
  console.table(dynamo);
  console.log('WRU per new contact by item kind (partition key prefix)');
  console.table(perKind(unitSlices.counts, unitSlices.contacts));
  const dayRoundTrips = roundTrips(sum(slices).counts);
  const firstSmsRoundTrips = roundTrips(firstSms.counts);
  const followUpRoundTrips = roundTrips(followUpUnits.counts);
  console.log(
    'Sequential DynamoDB round trips per invocation, by function: new web-form contacts (the day), first SMS of a new sender, SMS follow-ups',
  );
  console.table({
    ...dayRoundTrips,
    ...prefixed('first SMS: ', firstSmsRoundTrips),
    ...prefixed('follow-up: ', followUpRoundTrips),
  });
  console.log(`After the day: data folder ${dataMb} MB (${JSON.stringify(dataMbByFolder)}), RSS ${rssMb} MB`);
  if (checkpointMb !== undefined)
    console.log(`Data folder after ${CHECKPOINT} contacts: ${round(checkpointMb, 1)} MB`);

  judge('CPU ms per new contact, start of day', cpu(start), '≤', 11);
  judge('CPU ms per new contact, end of day', cpu(end), '≤', 11);
  judge('CPU end / start of day', round(cpu(end) / cpu(start), 2), '≤', 1.3);
  judge('WRU per new contact (with index writes)', newContact.WRU, '≤', 12);
  judge(
    'sequential DynamoDB round trips per new web-form contact',
    dayRoundTrips.webFormContact?.['round trips per invocation'] ?? Number.NaN,
    '≤',
    3,
  );
  if (checkpointMb !== undefined)
    judge(`data folder MB after ${CHECKPOINT} contacts`, round(checkpointMb, 1), '<', 80);
  note(`data folder MB after the day (${contacts} contacts)`, dataMb);
  note(`RSS MB after the day (${contacts} contacts)`, rssMb);
  note(
    `inbox first page p50 ms (${pageSize} rows asked)`,
    table[`inbox first page (${pageSize} asked, ${rows} rows)`]?.p50 ?? Number.NaN,
  );
  results.day = {
    contacts,
    followUps,
    pageSize,
    table,
    dynamo,
    newContactWruByKind: perKind(unitSlices.counts, unitSlices.contacts),
    roundTrips: { day: dayRoundTrips, firstSms: firstSmsRoundTrips, smsFollowUp: followUpRoundTrips },
    dataMb,
    dataMbByFolder,
    rssMb,
    checkpointMb: checkpointMb === undefined ? undefined : round(checkpointMb, 1),
    // Counted hours include the counter's own work and reads in their CPU.
    byHour: slices.map((slice) => ({ cpuMsPerContact: cpu(slice), counted: slice.counted })),
  };
}
