import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { holdsDataFolder } from './data-folder-holder.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from './demo-data.ts';
import { type LocalRuntimeOptions, startLocalRuntime, WEB_ROOT } from './runtime.ts';

/**
 * `npm start`: the whole system on this machine, settings from PORT, SMTP_PORT and DATA_DIR; SOCIETY_SITE_ORIGINS
 * (comma-separated) lets a site under development post the public forms from its scripts, as in AWS.
 */
const port = Number(process.env.PORT ?? 3000);
/** Where a fresh data folder's demo is written before it is moved in. */
const FIRST_START = 'first-start';
const smtpPort = Number(process.env.SMTP_PORT ?? 2525);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
await mkdir(dataDir, { recursive: true });
await claimDataFolder(dataDir);
await buildInboxIfStale();
const address = { port, host: process.env.HOST ?? '127.0.0.1' };
await writeDemoAside(dataDir, address).catch(failOnTakenPort);

const runtime = await startLocalRuntime({
  ...address,
  dataDir,
  seedDemoTickets: true,
  smtpPort,
  smtpRelay: process.env.SMTP_RELAY,
  escalationEveryMs: 60_000,
  telegramWebhookSecret: process.env.TELEGRAM_WEBHOOK_SECRET,
  liveChannels: process.env.SANAD_LIVE_CHANNELS === 'true',
  corsOrigins: (process.env.SOCIETY_SITE_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
}).catch(failOnTakenPort);

console.log(`
سند · Sanad is running locally
  Inbox (staff):     ${runtime.url}/
  Health:            ${runtime.url}/health
  Web contact form:  POST ${runtime.url}/public/contact
  Support request:   ${runtime.url}/public/support-requests  ·  status: ${runtime.url}/public/status
  Webhooks:          POST ${runtime.url}/webhooks/{whatsapp|messenger|instagram|telegram}
  SMS (SNS topic):   POST ${runtime.url}/local/sms
  Try every channel: npm run try-channels (signed samples to the URLs above)
  Mail (SMTP):       smtp://127.0.0.1:${runtime.smtpPort} (to support@sanad.local)${process.env.SMTP_RELAY ? `\n  Mail relay:        ${process.env.SMTP_RELAY}` : ''}
  Escalation sweep:  every minute (warnings and breaches go to the outbox)
  Case reminders:    every minute, with the sweep (missing documents, renewal, follow-up)
  Data folder:       ${dataDir}

Demo staff (password for all: ${DEMO_PASSWORD}):
${DEMO_STAFF.map((user) => `  ${user.email.padEnd(26)} ${user.roles.join(', ')}`).join('\n')}

Ctrl-C stops; the data stays in the data folder for the next start.`);

function failOnTakenPort(error: NodeJS.ErrnoException): never {
  if (error.code === 'EADDRINUSE') {
    fail(
      `${error.message}: HTTP ${port} or SMTP ${smtpPort} is taken. Choose others, e.g. PORT=3001 SMTP_PORT=2526 npm start`,
    );
  }
  throw error;
}

/**
 * A fresh data folder gets the demo written aside, by a runtime of its own at the same address (the demo's links
 * name it), and moved in once whole: a first start stopped while writing it (Ctrl-C, kill -9) leaves no half demo
 * that every later start would keep, and the next start writes it again. The store moves last, so a start
 * stopped while moving finds none and writes the demo in place.
 */
async function writeDemoAside(folder: string, at: Pick<LocalRuntimeOptions, 'port' | 'host'>): Promise<void> {
  const aside = join(folder, FIRST_START);
  await rm(aside, { recursive: true, force: true });
  if ((await readdir(folder)).some((name) => name !== 'sanad.pid')) return;
  console.log('Writing the demo data (first start on this data folder)…');
  await mkdir(aside);
  const seeding = await startLocalRuntime({ ...at, dataDir: aside, seedDemoTickets: true });
  await seeding.settled();
  await seeding.close();
  const written = await readdir(aside);
  const store = 'dynamodb';
  for (const name of [...written.filter((entry) => entry !== store), store])
    await rename(join(aside, name), join(folder, name));
  await rm(aside, { recursive: true, force: true });
}

/** dynalite's LevelDB allows one process per folder; a second instance must get a clear answer, not a crash. */
async function claimDataFolder(folder: string): Promise<void> {
  const pidFile = join(folder, 'sanad.pid');
  const holder = Number(await readFile(pidFile, 'utf8').catch(() => ''));
  if (holder && holder !== process.pid && holdsDataFolder(holder)) {
    fail(
      `The data folder ${folder} is in use by another Sanad (pid ${holder}). Stop it, or start with DATA_DIR=<other folder>.`,
    );
  }
  await writeFile(pidFile, String(process.pid));
  process.on('exit', () => {
    void rm(pidFile, { force: true });
  });
}

/** A fresh clone (or an edited web/src) gets the inbox built once, so the first command serves it. */
async function buildInboxIfStale(): Promise<void> {
  const built = await stat(join(WEB_ROOT, 'index.html')).then(
    (file) => file.mtimeMs,
    () => 0,
  );
  const sources = await readdir(join(WEB_ROOT, '..'), { recursive: true, withFileTypes: true });
  const newest = Math.max(
    ...(await Promise.all(
      sources
        .filter((entry) => entry.isFile() && !join(entry.parentPath, entry.name).startsWith(WEB_ROOT))
        .map(async (entry) => (await stat(join(entry.parentPath, entry.name))).mtimeMs),
    )),
  );
  if (built >= newest) return;
  console.log('Building the inbox (once, on a fresh clone or after web/ changed)…');
  await build({ configFile: join(WEB_ROOT, '../vite.config.ts'), logLevel: 'warn' });
}

function fail(message: string): never {
  console.error(`\n${message}`);
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
