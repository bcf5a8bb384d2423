/**
 * The bench's server: the local runtime as `npm start` runs it (on-disk data folder, demo data), in a process of
 * its own, with a request counter on its DynamoDB client. The bench drives it over stdin, one JSON command a line,
 * and reads `BENCH {…}` lines on stdout: the simulated time of day (the clock runs on from it in real time),
 * counting on (with each written item's images) or off (CPU as `npm start` spends it), waiting for background
 * work, an escalation sweep now, the schedule's work now, counts, stop. It logs as `npm start` does.
 *
 * The schedule (`npm start`'s minute timer: escalation sweep, case reminders, outbox drain) runs when the bench
 * says, on the simulated day's hours: on a real-time timer it would land in whichever hour a minute ended, and the
 * breaches of a day nobody answers would be counted as that hour's intake.
 */
import { createInterface } from 'node:readline';
import { startLocalRuntime } from '../../infra/local/runtime.ts';
import { RequestCounter } from './request-counter.ts';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is required');

let simulatedAt = Date.now();
let setAt = Date.now();
const counter = new RequestCounter();
const runtime = await startLocalRuntime({
  port: 0,
  dataDir,
  seedDemoTickets: true,
  clock: { now: () => new Date(simulatedAt + (Date.now() - setAt)) },
  instrumentClient: (client) => counter.attach(client),
});

const reply = (message: Record<string, unknown>) =>
  process.stdout.write(`BENCH ${JSON.stringify(message)}\n`);
reply({ op: 'started', url: runtime.url, pid: process.pid });

type Command =
  | { op: 'clock'; at: number }
  | { op: 'counting'; on: boolean }
  | { op: 'settle' | 'sweep' | 'schedule' | 'counts' | 'close' };

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as Command;
  if (command.op === 'clock') {
    simulatedAt = command.at;
    setAt = Date.now();
  } else if (command.op === 'counting') {
    // Counting reads each written item's images; CPU is measured with the counter out of the way.
    counter.images = command.on;
    counter.paused = !command.on;
  } else if (command.op === 'settle') await runtime.settled();
  else if (command.op === 'sweep') {
    // One escalation sweep now, as the schedule runs it, and what it started.
    await runtime.sweepEscalations();
    await runtime.settled();
  } else if (command.op === 'schedule') {
    // What `npm start`'s minute timer runs, once.
    await Promise.all([runtime.sweepEscalations(), runtime.sendCaseReminders(), runtime.drainOutbox()]);
    await runtime.settled();
  } else if (command.op === 'close') {
    await runtime.close();
    reply({ op: 'close' });
    process.exit(0);
  }
  reply({ op: command.op, counts: counter.snapshot() });
}
