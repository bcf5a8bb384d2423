import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { InboxRepository } from '../../functions/adapters/dynamodb/inbox-repository.ts';
import { CHANNELS } from '../../shared/domain/channel.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { matchesNarrowing, type TicketNarrowing } from '../../shared/domain/ticket-narrowing.ts';
import { type TicketRow, ticketRow } from '../../shared/domain/ticket-row.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
let inbox: InboxRepository;
const tickets: Ticket[] = [];
const NOW = '2026-12-01T09:00:00.000Z';

/** A small deterministic generator, so a failure is the same on every run. */
function seeded(seed: number) {
  let state = seed;
  return <T>(choices: readonly T[]): T => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return choices[state % choices.length] as T;
  };
}

beforeAll(async () => {
  t = await startTestStore();
  inbox = new InboxRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test');
  const pick = seeded(7);
  for (let index = 0; index < 160; index++) {
    const at = new Date(Date.parse('2026-11-01T00:00:00Z') + index * 3_600_000 * 3).toISOString();
    const warnAt = pick(['2026-11-30T00:00:00.000Z', '2026-12-02T00:00:00.000Z', undefined]);
    const ticket: Ticket = {
      id: `01J${'0'.repeat(19)}${String(index).padStart(4, '0')}`, // ULID-shaped, as cursors expect
      reference: `SND-2026-${String(900_000 + index)}`,
      type: pick(['inquiry', 'support_request', 'complaint'] as const),
      status: pick(['new', 'open'] as const),
      priority: pick(['normal', 'high'] as const),
      queueId: pick(['beneficiary-relations', 'social-research']),
      assigneeId: pick(['u-agent', undefined, undefined]),
      contactId: `C${index}`,
      contactName: 'مستفيد',
      channel: pick(CHANNELS.slice(0, 4)),
      subject: 'موضوع',
      preview: 'نص',
      tags: [],
      messageCount: 1,
      createdAt: at,
      updatedAt: at,
      lastActivityAt: at,
      branch: pick(['branch-north', 'branch-south', undefined]),
      ...(warnAt && {
        sla: {
          policyId: 'standard',
          clocks: {
            [pick(['firstResponse', 'committeeDecision'] as const)]: { startedAt: at, warnAt, dueAt: warnAt },
          },
          ...(pick([true, false, false]) && { pausedAt: at }),
        },
      }),
    };
    tickets.push(ticket);
    await t.store.applyDelivery({
      kind: 'new_ticket',
      ticket,
      message: {
        id: `M${index}`,
        ticketId: ticket.id,
        direction: 'inbound',
        channel: ticket.channel,
        authorId: ticket.contactId,
        authorName: ticket.contactName,
        text: 'نص',
        attachments: [],
        createdAt: at,
      },
      newIdentities: [],
      events: [],
    });
  }
}, 60_000);
afterAll(async () => {
  await t.dynamo.close();
});

const newestFirst = (list: Ticket[]) =>
  list.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt)).map((ticket) => ticket.id);

async function everyPage(read: (cursor?: string) => Promise<{ tickets: TicketRow[]; cursor?: string }>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await read(cursor);
    ids.push(...page.tickets.map((ticket) => ticket.id));
    cursor = page.cursor;
    if (!cursor) return ids;
  }
  throw new Error('paging did not end');
}

const NARROWINGS: TicketNarrowing[] = [
  {},
  { channel: 'sms' },
  { priority: 'high', type: 'complaint' },
  { branch: 'branch-north' },
  { unassigned: true },
  { atRiskAt: NOW },
  { atRiskAt: NOW, unassigned: true, branch: 'branch-south' },
];

describe('narrowing the inbox in the store', () => {
  it.each(NARROWINGS)(
    'queue view %o: every matching ticket once, newest first, across pages',
    async (narrowing) => {
      const queueIds = ['beneficiary-relations', 'social-research'];
      const statuses = ['new', 'open'] as const;
      const expected = newestFirst(
        tickets.filter(
          (ticket) =>
            queueIds.includes(ticket.queueId) &&
            (statuses as readonly string[]).includes(ticket.status) &&
            matchesNarrowing(ticketRow(ticket), narrowing),
        ),
      );
      for (const limit of [1, 7, 50]) {
        const listed = await everyPage((cursor) =>
          t.store.listTickets({ queueIds, statuses: [...statuses], limit, cursor, narrowing }),
        );
        expect(listed, `pages of ${limit}`).toEqual(expected);
      }
    },
  );

  it.each(NARROWINGS)('my tickets %o', async (narrowing) => {
    const expected = newestFirst(
      tickets.filter(
        (ticket) => ticket.assigneeId === 'u-agent' && matchesNarrowing(ticketRow(ticket), narrowing),
      ),
    );
    const listed = await everyPage((cursor) => inbox.listAssigned('u-agent', 5, cursor, narrowing));
    expect(listed).toEqual(expected);
  });
});
