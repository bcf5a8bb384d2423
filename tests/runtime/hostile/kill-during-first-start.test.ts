import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';
import { everyTicketRow } from '../../support/every-ticket.ts';
import { freePort, startNpmStart } from '../../support/npm-start.ts';
import { startTestRuntime } from '../../support/runtime.ts';

const ROOT = join(import.meta.dirname, '../../..');
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** The references of every ticket a runtime's store holds. */
const referencesIn = async (runtime: LocalRuntime) =>
  (await everyTicketRow(runtime)).map((row) => row.reference).sort();

describe('npm start killed with -9 while its first start writes the demo', () => {
  it('leaves no half demo: the next start writes it whole', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sanad-first-start-'));
    folders.push(dataDir);
    const port = await freePort();
    const first = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), SMTP_PORT: String(await freePort()), DATA_DIR: dataDir },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => first.once('exit', resolve));
    // Killed once the demo's tickets are being written: their acknowledgements reach the outbox.
    const sent = () =>
      [join(dataDir, 'first-start', 'outbox'), join(dataDir, 'outbox')]
        .filter((folder) => existsSync(folder))
        .reduce((count, folder) => count + readdirSync(folder).length, 0);
    await expect.poll(sent, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(10);
    first.kill('SIGKILL');
    await exited;

    // The next start on that folder, as a user would run it.
    const second = await startNpmStart({ port, smtpPort: await freePort(), dataDir });
    const stopped = new Promise((resolve) => second.once('exit', resolve));
    second.kill('SIGKILL');
    await stopped;
    const restarted = await startLocalRuntime({ port: 0, dataDir });
    const written = await referencesIn(restarted).finally(() => restarted.close());

    // The whole demo, as a start that was never stopped writes it.
    const whole = await startTestRuntime({ seedDemoTickets: true });
    const expected = await referencesIn(whole).finally(() => whole.close());
    expect(written.length).toBeGreaterThan(40);
    expect(written).toEqual(expected);
    expect(existsSync(join(dataDir, 'first-start'))).toBe(false);
  }, 240_000);
});
