/**
 * A process that runs the local runtime on a data folder, lets the reports count some web-form tickets, then
 * holds the report aggregator (its writes never finish) while more tickets come and two of the counted ones are
 * resolved, and prints their ids: `tests/runtime/hostile/kill-before-stream-delivery.test.ts` kills it then, as
 * `kill -9` finds a run whose table stream has changes not yet delivered.
 */
import { DEMO_PASSWORD } from '../../infra/local/demo-data.ts';
import { startLocalRuntime } from '../../infra/local/runtime.ts';

const [dataDir, counted, held] = process.argv
  .slice(2)
  .map((value, index) => (index ? Number(value) : value)) as [string, number, number];
const runtime = await startLocalRuntime({ port: 0, dataDir, statusCodeAnswerMs: 0 });

async function webForm(index: number): Promise<string> {
  const response = await fetch(`${runtime.url}/public/contact`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'أم سعد',
      phone: `05${String(57_000_000 + index)}`,
      subject: 'استفسار',
      message: `متى يفتح باب التقديم؟ ${index}`,
    }),
  });
  if (response.status !== 201) throw new Error(`web form answered ${response.status}`);
  return ((await response.json()) as { ticketId: string }).ticketId;
}

const tickets: string[] = [];
for (let index = 0; index < counted; index++) tickets.push(await webForm(index));
await runtime.settled();

runtime.aggregator.reports = { applyChange: () => new Promise(() => {}) };
for (let index = counted; index < counted + held; index++) tickets.push(await webForm(index));
const login = await fetch(`${runtime.url}/auth/local/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'supervisor@sanad.local', password: DEMO_PASSWORD }),
});
const { idToken } = (await login.json()) as { idToken: string };
for (const ticketId of tickets.slice(0, 2)) {
  const resolved = await fetch(`${runtime.url}/api/tickets/${ticketId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
    body: JSON.stringify({ status: 'resolved' }),
  });
  if (resolved.status !== 200) throw new Error(`resolving answered ${resolved.status}`);
}
process.stdout.write(`${JSON.stringify({ tickets })}\n`);
