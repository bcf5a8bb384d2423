import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Counts } from './request-counter.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** The processes of a process group, as /proc lists them now. */
function groupMembers(group: number): string[] {
  const members: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, pgrp, …
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === group) members.push(entry);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return members;
}

/** CPU time (user + system) of every process in the group, ms. */
export function groupCpuMs(group: number): number {
  let ticks = 0;
  for (const pid of groupMembers(group)) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return (ticks / TICKS_PER_SECOND) * 1000;
}

/** Resident memory of every process in the group, MB. */
export function groupRssMb(group: number): number {
  let kb = 0;
  for (const pid of groupMembers(group)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

/** Bytes under a folder; a file removed between the listing and its size (a LevelDB compaction) counts none. */
export function folderBytes(folder: string): number {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce(
      (sum, entry) =>
        sum + (statSync(join(entry.parentPath, entry.name), { throwIfNoEntry: false })?.size ?? 0),
      0,
    );
}

export interface BenchServer {
  url: string;
  /** The process group: the tsx launcher and the runtime's node process. */
  group: number;
  command(op: Record<string, unknown>): Promise<{ counts: Counts }>;
  close(): Promise<void>;
}

/** Starts tests/bench/server.ts with tsx in a process group of its own, as `npm start` runs infra/local/start.ts. */
export async function startBenchServer(dataDir: string): Promise<BenchServer> {
  const child: ChildProcess = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['tests/bench/server.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['pipe', 'pipe', 'inherit'],
    // Logging at npm start's level costs what it costs there; the lines that are not the bench's are dropped.
    env: { ...process.env, LOG_LEVEL: 'INFO', BENCH_DATA_DIR: dataDir },
  });
  type Waiter = { resolve(message: Record<string, unknown>): void; reject(error: Error): void };
  const waiting: Waiter[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    if (line.startsWith('BENCH ')) waiting.shift()?.resolve(JSON.parse(line.slice(6)));
  });
  child.once('exit', (code) => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`bench server exited with ${code}`));
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolveNext, reject) => {
      waiting.push({ resolve: resolveNext, reject });
    });
  // A bench that fails leaves no server behind (it runs detached, in its own group).
  const stop = () => {
    if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL');
  };
  process.once('exit', stop);
  child.once('exit', () => process.off('exit', stop));
  const started = await next();
  return {
    url: String(started.url),
    group: child.pid as number,
    async command(op) {
      const answer = next();
      child.stdin?.write(`${JSON.stringify(op)}\n`);
      return (await answer) as { counts: Counts };
    },
    async close() {
      const answer = next();
      child.stdin?.write(`${JSON.stringify({ op: 'close' })}\n`);
      await answer;
    },
  };
}
