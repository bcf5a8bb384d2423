import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { isActive } from '../../../shared/domain/ticket.ts';
import type { Overview } from '../../../shared/reports/overview.ts';
import { riyadhDay } from '../../../shared/reports/reported-ticket.ts';
import { getJson, signIn, startTestRuntime } from '../../support/runtime.ts';

const ROOT = join(import.meta.dirname, '../../..');
const COUNTED = 6;
const HELD = 10;

let dataDir = '';
let runtime: LocalRuntime | undefined;
afterAll(async () => {
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Runs the writer on the folder and kills it (SIGKILL) once its changes are made but not all delivered. */
async function killWithChangesUndelivered(): Promise<string[]> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'tests/support/undelivered-changes-writer.ts',
      dataDir,
      String(COUNTED),
      String(HELD),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
    child.once('exit', (code) =>
      reject(new Error(`the writer exited (${code}) before its changes were made`)),
    );
  });
  child.kill('SIGKILL');
  await exited;
  return (JSON.parse(line) as { tickets: string[] }).tickets;
}

describe('npm start killed with -9 while its table stream had changes not yet delivered', () => {
  it('delivers them at the next start: the reports count every ticket and each resolution exactly once', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sanad-stream-kill-'));
    const ids = await killWithChangesUndelivered();
    expect(ids).toHaveLength(COUNTED + HELD);

    runtime = await startTestRuntime({ dataDir });
    await runtime.settled();
    const tickets = await Promise.all(ids.map((id) => runtime?.deps.store.getTicket(id)));
    const active = new Map<string, number>();
    for (const ticket of tickets) {
      if (ticket && isActive(ticket.status))
        active.set(ticket.queueId, (active.get(ticket.queueId) ?? 0) + 1);
    }
    expect(tickets.filter((ticket) => ticket?.status === 'resolved')).toHaveLength(2);

    const { status, body } = await getJson(
      `${runtime.url}/api/reports/overview`,
      await signIn(runtime, 'manager@sanad.local'),
    );
    expect(status).toBe(200);
    const overview = body as unknown as Overview;
    expect(overview.volumes).toEqual([
      { day: riyadhDay(new Date()), channel: 'webform', created: COUNTED + HELD },
    ]);
    expect(overview.resolved).toBe(2);
    expect(Object.fromEntries(overview.backlog.map((queue) => [queue.queueId, queue.total]))).toEqual(
      Object.fromEntries(active),
    );
  }, 120_000);
});
