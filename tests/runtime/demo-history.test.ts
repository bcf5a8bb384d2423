import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { riyadhDay } from '../../shared/reports/reported-ticket.ts';
import { CASE_STEPS } from '../../shared/workflow/support-request.ts';
import { slaState } from '../../web/src/lib/sla.ts';
import { everyTicketRow } from '../support/every-ticket.ts';
import { freePort } from '../support/npm-start.ts';
import { getJson, signIn, startTestRuntime } from '../support/runtime.ts';

const DAY = 86_400_000;
let runtime: LocalRuntime;
let manager: string;

beforeAll(async () => {
  // On a fixed port, as `npm start` runs (PORT).
  runtime = await startTestRuntime({ seedDemoTickets: true, port: await freePort() });
  manager = await signIn(runtime, 'manager@sanad.local');
  await runtime.stream.settled();
}, 120_000);
afterAll(async () => {
  await runtime?.close();
});

/** Every demo ticket as the inbox lists it. */
const allRows = () => everyTicketRow(runtime);

async function allTickets(): Promise<Ticket[]> {
  const rows = await allRows();
  const tickets = await Promise.all(rows.map((row) => runtime.deps.store.getTicket(row.id)));
  return tickets.filter((ticket): ticket is Ticket => ticket !== undefined);
}

describe('demo data on a fresh start', () => {
  it('sends whole links in the messages written before the server listened', async () => {
    const links = runtime.outbox
      .list()
      .flatMap(
        (entry) =>
          String(entry.payload).match(/(?:https?:\/\/[^\s"\\]+)?\/public\/status\?r=[^\s"\\]+/g) ?? [],
      );
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(new RegExp(`^${runtime.url}/public/status\\?r=SND-`));
  });

  it('gives the last 30 days of reports real figures, counted on the days they happened', async () => {
    const now = Date.now();
    const from = riyadhDay(new Date(now - 29 * DAY));
    const to = riyadhDay(new Date(now));
    const { status, body } = await getJson(
      `${runtime.url}/api/reports/overview?from=${from}&to=${to}`,
      manager,
    );

    expect(status).toBe(200);
    const overview = body as {
      resolved: number;
      firstResponse: { count: number; medianMs?: number };
      resolution: { count: number };
      sla: { resolved: number; compliancePct?: number };
      satisfaction: { count: number; average?: number };
      volumes: { day: string; channel: string; created: number }[];
    };
    expect(overview.resolved).toBeGreaterThan(0);
    expect(overview.firstResponse.count).toBeGreaterThan(0);
    expect(overview.firstResponse.medianMs).toBeGreaterThan(0);
    expect(overview.resolution.count).toBeGreaterThan(0);
    expect(overview.sla.compliancePct).toBeDefined();
    expect(overview.satisfaction.count).toBeGreaterThanOrEqual(1);
    // History, not a burst today: contacts counted on days two weeks back, on several channels.
    const days = new Set(overview.volumes.map((volume) => volume.day));
    expect(days.size).toBeGreaterThan(14);
    expect([...days].some((day) => day <= riyadhDay(new Date(now - 14 * DAY)))).toBe(true);
    expect(new Set(overview.volumes.map((volume) => volume.channel)).size).toBeGreaterThanOrEqual(4);
  });

  it('holds one merged beneficiary whose tickets came on three channels', async () => {
    const channelsByContact = new Map<string, Set<string>>();
    for (const ticket of await allTickets()) {
      const channels = channelsByContact.get(ticket.contactId) ?? new Set<string>();
      channels.add(ticket.channel);
      channelsByContact.set(ticket.contactId, channels);
    }
    const merged = [...channelsByContact].filter(([, channels]) => channels.size >= 3);

    expect(merged).toHaveLength(1);
    const [contactId] = merged[0] as [string, Set<string>];
    const contact = await runtime.deps.store.getContact(contactId);
    expect(contact?.identities.map((identity) => identity.kind).sort()).toEqual([
      'email',
      'phone',
      'telegram',
    ]);
  });

  it('has support cases at each step of the procedure', async () => {
    const steps = new Set((await allTickets()).map((ticket) => ticket.supportCase?.step).filter(Boolean));

    // All but the steps the demo has no case at: just applied, and ended as invalid or incomplete.
    const notInDemo: string[] = ['phone_unconfirmed', 'invalid', 'incomplete'];
    expect([...steps].sort()).toEqual(CASE_STEPS.filter((step) => !notInDemo.includes(step)).sort());
  });

  it('answers each support case the day it came: its verification notice is its first response, in time', async () => {
    const verified = (await allTickets()).filter(
      (ticket) => ticket.supportCase?.verification && ticket.supportCase.step !== 'withdrawn',
    );
    expect(verified.length).toBeGreaterThan(5);
    for (const ticket of verified) {
      expect(ticket.firstResponseAt).toBe(ticket.supportCase?.verification?.at);
      // A case breached later (its month, the committee's weeks) is fine; not before its first answer.
      if (ticket.sla?.breachedAt) expect(ticket.sla.breachedAt > String(ticket.firstResponseAt)).toBe(true);
    }
  });

  it('shows SLA reality: open tickets breached and others within their window, and reports count every breach', async () => {
    const now = Date.now();
    const rows = await allRows();
    const tickets = await allTickets();
    const badges = rows.map((row) => slaState(row, now).kind);
    expect(badges).toContain('breached');
    expect(badges.filter((kind) => kind === 'warning' || kind === 'ok').length).toBeGreaterThan(0);
    // Every ticket the inbox shows breached carries the breach the reports count.
    const shownBreached = rows
      .filter((_row, index) => badges[index] === 'breached')
      .map((row) => tickets.find((ticket) => ticket.id === row.id));
    expect(shownBreached.filter((ticket) => !ticket?.sla?.breachedAt)).toEqual([]);

    const from = riyadhDay(new Date(now - 29 * DAY));
    const to = riyadhDay(new Date(now));
    const { body } = await getJson(`${runtime.url}/api/reports/overview?from=${from}&to=${to}`, manager);
    const sla = (body as { sla: { breaches: number; compliancePct?: number } }).sla;
    const breachedInRange = tickets.filter((ticket) => {
      const day = ticket.sla?.breachedAt && riyadhDay(ticket.sla.breachedAt);
      return day && day >= from && day <= to;
    });
    expect(sla.breaches).toBeGreaterThan(0);
    expect(sla.breaches).toBe(breachedInRange.length);
    // Some were answered or resolved late: compliance is a real figure, not 100%.
    expect(sla.compliancePct).toBeGreaterThan(0);
    expect(sla.compliancePct).toBeLessThan(100);
  });
});
