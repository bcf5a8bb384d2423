import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEMO_PASSWORD, DEMO_STAFF } from './demo-data.ts';
import { startLocalRuntime } from './runtime.ts';

/** `npm start`: the whole system on this machine, settings from PORT, SMTP_PORT and DATA_DIR. */
const port = Number(process.env.PORT ?? 3000);
const smtpPort = Number(process.env.SMTP_PORT ?? 2525);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
await mkdir(dataDir, { recursive: true });

const runtime = await startLocalRuntime({
  port,
  dataDir,
  seedDemoTickets: true,
  host: process.env.HOST ?? '127.0.0.1',
  smtpPort,
  smtpRelay: process.env.SMTP_RELAY,
});

console.log(`
سند · Sanad is running locally
  Inbox (staff):     ${runtime.url}/
  Health:            ${runtime.url}/health
  Web contact form:  POST ${runtime.url}/public/contact
  Mail (SMTP):       smtp://127.0.0.1:${runtime.smtpPort} (to support@sanad.local)${process.env.SMTP_RELAY ? `\n  Mail relay:        ${process.env.SMTP_RELAY}` : ''}
  Data folder:       ${dataDir}

Demo staff (password for all: ${DEMO_PASSWORD}):
${DEMO_STAFF.map((user) => `  ${user.email.padEnd(26)} ${user.roles.join(', ')}`).join('\n')}

Ctrl-C stops; the data stays in the data folder for the next start.`);

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
