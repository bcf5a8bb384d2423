import { request } from 'node:http';
import { DEMO_PASSWORD } from '../../infra/local/demo-data.ts';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../infra/local/runtime.ts';

/** A whole local system on a free port with an in-memory dynalite; one per test file. */
export async function startTestRuntime(options: Partial<LocalRuntimeOptions> = {}): Promise<LocalRuntime> {
  // The status page's answer floor is tested on its own; elsewhere it would only slow the tests down.
  return startLocalRuntime({ port: 0, statusCodeAnswerMs: 0, ...options });
}

export async function signIn(runtime: Pick<LocalRuntime, 'url'>, email: string): Promise<string> {
  const response = await fetch(`${runtime.url}/auth/local/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`Sign-in failed for ${email}: ${response.status}`);
  return ((await response.json()) as { idToken: string }).idToken;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function getJson(url: string, token?: string) {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A web-form ticket moved to the research committee: outside every agent's queues. */
export async function committeeTicketOf(runtime: LocalRuntime, phone: string): Promise<string> {
  const created = await postJson(`${runtime.url}/public/contact`, {
    name: 'سارة',
    phone,
    subject: 'قرار اللجنة',
    message: 'متى يصدر قرار اللجنة؟',
  });
  const ticketId = created.body.ticketId as string;
  await runtime.deps.store.updateTicket(ticketId, (ticket) => ({ ...ticket, queueId: 'research-committee' }));
  return ticketId;
}

/**
 * POSTs JSON from another loopback address (127.x.y.z), so limits counted per client address see a client of its
 * own, as another household's phone would be.
 */
export function postJsonFrom(
  clientAddress: string,
  url: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      { method: 'POST', localAddress: clientAddress, headers: { 'content-type': 'application/json' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    sent.on('error', reject);
    sent.end(JSON.stringify(body));
  });
}
