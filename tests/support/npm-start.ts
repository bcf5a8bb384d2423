import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';

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
}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(options.port),
      SMTP_PORT: String(options.smtpPort),
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'SILENT',
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
