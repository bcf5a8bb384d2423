import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Message } from '../../shared/domain/message.ts';
import type { TicketStatus } from '../../shared/domain/ticket.ts';
import type { ReportedTicket } from '../../shared/reports/reported-ticket.ts';
import { aReportedTicket } from './reported-tickets.ts';

/** A ticket's whole life as the raw data records it: every stored version, its thread and its statuses. */
export interface TicketHistory {
  versions: ReportedTicket[];
  messages: Message[];
  statuses: { status: TicketStatus; at: string }[];
}

/** Deterministic pseudo-random numbers (mulberry32), so a seed always yields the same data set. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const QUEUES = ['beneficiary-relations', 'social-research', 'branch-north'];
const CHANNELS = ['whatsapp', 'email', 'sms', 'walk_in'] as const;
const BRANCHES = [undefined, 'riyadh', 'qassim'];
const AGENTS = ['u-agent', 'u-agent2', undefined];

/**
 * Tickets created over `days` days from `start`, each living through a random but seeded life: answered or not,
 * follow-ups and replies, SLA breach with escalations, resolution, reopening, a survey answer, a committee
 * decision for support requests. Changes are applied in time order, one stored version per change.
 */
export function generateHistories(count: number, seed: number, start: string, days: number): TicketHistory[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  // Log-uniform durations between 1 minute and `max`, like real response times.
  const duration = (max: number) => Math.round(MINUTE * (max / MINUTE) ** random());
  const iso = (ms: number) => new Date(ms).toISOString();

  return Array.from({ length: count }, (_, index) => {
    const created = Date.parse(start) + Math.floor(random() * days * DAY);
    const type = random() < 0.1 ? 'support_request' : 'inquiry';
    const base = aReportedTicket({
      id: `01HIST${String(index).padStart(20, '0')}`,
      createdAt: iso(created),
      queueId: pick(QUEUES),
      channel: pick(CHANNELS),
      branch: pick(BRANCHES),
      assigneeId: pick(AGENTS),
      type,
    });
    const changes: { at: number; apply: (ticket: ReportedTicket) => Partial<ReportedTicket> }[] = [];
    const messages: Message[] = [aMessage(base.id, 'inbound', base.createdAt)];
    const statuses: TicketHistory['statuses'] = [{ status: 'new', at: base.createdAt }];

    let resolvedAt: number | undefined;
    if (random() < 0.85) {
      const firstResponse = created + duration(3 * DAY);
      messages.push(aMessage(base.id, 'outbound', iso(firstResponse)));
      changes.push({
        at: firstResponse,
        apply: () => ({
          status: 'open',
          firstResponseAt: iso(firstResponse),
          lastResponseAt: iso(firstResponse),
        }),
      });
      let last = firstResponse;
      if (random() < 0.4) {
        const followUp = last + duration(DAY);
        messages.push(aMessage(base.id, 'inbound', iso(followUp)));
        changes.push({ at: followUp, apply: () => ({ lastInboundAt: iso(followUp) }) });
        last = followUp;
        if (random() < 0.8) {
          const reply = followUp + duration(2 * DAY);
          messages.push(aMessage(base.id, 'outbound', iso(reply)));
          changes.push({ at: reply, apply: () => ({ lastResponseAt: iso(reply) }) });
          last = reply;
        }
      }
      if (random() < 0.7) {
        resolvedAt = last + duration(4 * DAY);
        const firstResolution = resolvedAt;
        changes.push({
          at: firstResolution,
          apply: () => ({ status: 'resolved', resolvedAt: iso(firstResolution) }),
        });
        if (random() < 0.1) {
          const reopen = firstResolution + duration(2 * DAY);
          const again = reopen + duration(2 * DAY);
          messages.push(aMessage(base.id, 'inbound', iso(reopen)));
          changes.push({ at: reopen, apply: () => ({ status: 'open', lastInboundAt: iso(reopen) }) });
          changes.push({ at: again, apply: () => ({ status: 'closed', resolvedAt: iso(again) }) });
          resolvedAt = again;
        }
        if (random() < 0.5) {
          const answeredAt = resolvedAt + HOUR;
          const score = 1 + Math.floor(random() * 5);
          changes.push({
            at: answeredAt,
            apply: () => ({ satisfaction: { score, answeredAt: iso(answeredAt) } }),
          });
        }
      }
    }
    // As the sweep writes it: the warning at 80% of the window is level 1 (some breaches come with none told),
    // the breach level 2, each further level one more.
    const warnAt = created + 6.4 * HOUR;
    const breachAt = created + 8 * HOUR;
    const warned = random() < 0.25 && (resolvedAt === undefined || resolvedAt > warnAt);
    if (warned) changes.push({ at: warnAt, apply: () => ({ sla: { escalationLevel: 1 } }) });
    if (random() < (warned ? 0.5 : 0.05) && (resolvedAt === undefined || resolvedAt > breachAt)) {
      const furtherLevels = Math.floor(random() * 3);
      for (let level = 2; level <= 2 + furtherLevels; level++) {
        const at = breachAt + (level - 2) * DAY;
        changes.push({ at, apply: () => ({ sla: { breachedAt: iso(breachAt), escalationLevel: level } }) });
      }
    }
    if (type === 'support_request') {
      const referredAt = iso(created + DAY);
      const decidedAt = created + DAY + duration(20 * DAY);
      changes.push({ at: created + DAY, apply: () => ({ committeeDecision: { referredAt } }) });
      changes.push({
        at: decidedAt,
        apply: () => ({ committeeDecision: { referredAt, decidedAt: iso(decidedAt) } }),
      });
    }

    const versions: ReportedTicket[] = [{ ...base, version: 1 } as ReportedTicket];
    for (const change of changes.sort((a, b) => a.at - b.at)) {
      const previous = versions.at(-1) as ReportedTicket;
      const next = { ...previous, ...change.apply(previous), updatedAt: iso(change.at) };
      (next as { version?: number }).version = versions.length + 1;
      if (next.status !== previous.status) statuses.push({ status: next.status, at: next.updatedAt });
      versions.push(next);
    }
    return { versions, messages, statuses };
  });
}

/** A message of a ticket's thread at `createdAt`, from the beneficiary or an agent. */
export function aMessage(ticketId: string, direction: Message['direction'], createdAt: string): Message {
  return {
    id: `${ticketId}-${createdAt}`,
    ticketId,
    direction,
    channel: 'whatsapp',
    authorId: direction === 'inbound' ? 'c-1' : 'u-agent',
    authorName: 'x',
    text: 'نص',
    attachments: [],
    createdAt,
  };
}

let sequence = 0;

/** The stream record DynamoDB writes for a change of a ticket item (NEW_AND_OLD_IMAGES). */
export function streamRecord(
  before: ReportedTicket | undefined,
  after: ReportedTicket | undefined,
): DynamoDBRecord {
  sequence += 1;
  const item = (ticket: ReportedTicket) =>
    marshall(
      { PK: `TICKET#${ticket.id}`, SK: 'META', entity: 'ticket', ...ticket },
      { removeUndefinedValues: true },
    );
  const id = (after ?? before) as ReportedTicket;
  return {
    eventID: String(sequence),
    eventName: !before ? 'INSERT' : !after ? 'REMOVE' : 'MODIFY',
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: 'me-south-1',
    dynamodb: {
      Keys: marshall({ PK: `TICKET#${id.id}`, SK: 'META' }) as never,
      OldImage: before ? (item(before) as never) : undefined,
      NewImage: after ? (item(after) as never) : undefined,
      SequenceNumber: String(sequence).padStart(21, '0'),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** Every record the stream carries for these histories, in the order the changes happened. */
export function recordsOf(histories: readonly TicketHistory[]): DynamoDBRecord[] {
  return histories
    .flatMap((history) =>
      history.versions.map((version, index) => ({
        at: version.updatedAt,
        record: streamRecord(history.versions[index - 1], version),
      })),
    )
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((entry) => entry.record);
}
