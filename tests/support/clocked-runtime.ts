import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { AuditEntry } from '../../shared/ports/audit-log.ts';
import { sweepEscalations } from '../../shared/use-cases/escalate-tickets.ts';
import { signIn, startTestRuntime } from './runtime.ts';

/** A local runtime whose clock the test moves, signed in as the staff a routing or SLA test needs. */
export interface ClockedRuntime {
  runtime: LocalRuntime;
  setNow(at: Date): void;
  admin: string;
  agent: string;
  supervisor: string;
  /** A valid web-form contact from a new phone number each time. */
  contactForm(overrides?: Record<string, unknown>): Record<string, unknown>;
  send(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** The change log as an admin reads it, newest first. */
export async function auditEntries(t: ClockedRuntime): Promise<AuditEntry[]> {
  return (await t.send('GET', '/api/audit', t.admin)).body.entries as AuditEntry[];
}

export async function startClockedRuntime(start: Date): Promise<ClockedRuntime> {
  let now = start;
  const runtime = await startTestRuntime({ clock: { now: () => now } });
  let phone = 1000;
  return {
    runtime,
    setNow: (at) => {
      now = at;
    },
    admin: await signIn(runtime, 'admin@sanad.local'),
    agent: await signIn(runtime, 'agent@sanad.local'),
    supervisor: await signIn(runtime, 'supervisor@sanad.local'),
    contactForm: (overrides = {}) => {
      phone += 1;
      return {
        name: 'أم ناصر',
        phone: `0501${String(phone).padStart(6, '0')}`,
        subject: 'استفسار',
        message: 'السلام عليكم',
        ...overrides,
      };
    },
    send: async (method, path, token, body) => {
      const response = await fetch(`${runtime.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
  };
}

/**
 * An escalation sweep over `runtime` whose process dies at the second write of one ticket (the note that all was
 * told), after acting on its escalations and telling everyone: it rejects with "process died".
 */
export function sweepDyingAfterTelling(runtime: LocalRuntime, ticketId: string): Promise<unknown> {
  const store = runtime.deps.store;
  let writes = 0;
  const dying = Object.create(store) as typeof store;
  dying.updateTicket = (id, change) => {
    if (id === ticketId && ++writes === 2) return Promise.reject(new Error('process died'));
    return store.updateTicket(id, change);
  };
  return sweepEscalations({ ...runtime.deps, store: dying });
}
