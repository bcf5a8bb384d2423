import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { signIn } from './runtime.ts';

const ROOT = join(import.meta.dirname, '../..');

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * `npm start` as a user runs it: its own process on its own data folder, to be killed without warning. Resolves
 * once it answers /health; a separate process has no settled() to await.
 */
export async function startNpmStart(options: {
  port: number;
  smtpPort: number;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(options.port),
      SMTP_PORT: String(options.smtpPort),
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'SILENT',
      ...options.env,
    },
    stdio: 'ignore',
  });
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${options.port}/health`).then(
          (response) => response.ok,
          () => false,
        ),
      { timeout: 60_000, interval: 250, message: 'npm start did not become healthy' },
    )
    .toBe(true);
  return child;
}

/**
 * `npm start` on a data folder of its own, to start, kill with -9 and start again on the same folder; the process
 * and the folder go when the test file ends. `env`: what a user would set besides (provider tokens, their URLs).
 */
export function killableNpmStart(prefix: string, env: () => Record<string, string> = () => ({})) {
  let server: ChildProcess | undefined;
  let dataDir = '';
  const ports = { port: 0, smtpPort: 0 };
  afterAll(async () => {
    server?.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get port() {
      return ports.port;
    },
    get dataDir() {
      return dataDir;
    },
    /** Starts it; the first time on a new folder and free ports, then again on the same. */
    async start(): Promise<void> {
      if (!dataDir) {
        dataDir = await mkdtemp(join(tmpdir(), prefix));
        [ports.port, ports.smtpPort] = [await freePort(), await freePort()];
      }
      server = await startNpmStart({ ...ports, dataDir, env: env() });
    },
    /** Kills it without warning, as a crash would; `exited` resolves once it is gone. */
    kill(): { exited: Promise<unknown> } {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server?.kill('SIGKILL');
      return { exited };
    },
    /** A staff member's token from the local sign-in. */
    signIn: (email: string) => signIn({ url: `http://127.0.0.1:${ports.port}` }, email),
  };
}
