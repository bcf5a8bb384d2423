import { canSeeQueue } from '../domain/access-policy.ts';
import type { Role, StaffUser } from '../domain/staff.ts';
import { PRIORITIES, type Priority, type Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { Clock } from '../ports/clock.ts';
import type { EscalationIndex } from '../ports/escalation-index.ts';
import type { TicketEventPublisher } from '../ports/events.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { StaffNotifier } from '../ports/staff-notifier.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import {
  announced,
  type DueEscalation,
  dueEscalations,
  type EscalationEffects,
  markEscalated,
  withUnannounced,
} from '../sla/clocks.ts';
import type { SlaPolicy } from '../sla/policy.ts';
import type { SlaSettingsSource } from '../sla/settings.ts';
import { committeeMembersOf } from './notification-centre.ts';

export interface EscalationStore {
  updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
  addEvents(events: TicketEventRecord[]): Promise<void>;
  listStaffUsers(): Promise<StaffUser[]>;
}

export interface EscalationDeps {
  store: EscalationStore;
  clock: Clock;
  ids: IdGenerator;
  events: TicketEventPublisher;
  sla: SlaSettingsSource;
  staffNotifier: StaffNotifier;
  escalationIndex: EscalationIndex;
}

export interface SweepResult {
  ticketsRead: number;
  warnings: number;
  breaches: number;
  furtherEscalations: number;
  /** How late the oldest escalation acted on was, in seconds (0 when none). */
  lagSeconds: number;
  /** False when the run stopped at its time limit with due tickets left for the next run. */
  complete: boolean;
}

export interface SweepOptions {
  /** Asked before each due ticket: true stops the run there (its time is nearly up). */
  shouldStop?: () => boolean;
}

const HOUR_MS = 3_600_000;

const EVENT_TYPES = { warning: 'sla_warning', breach: 'sla_breached', further: 'sla_escalated' } as const;
/** Due tickets acted on at once by one run. */
const SWEEP_CONCURRENCY = 8;
/** How long the run that acted on escalations has to announce them before the next run takes it over. */
const ANNOUNCING_LEASE_MS = 2 * 60_000;
/** A first sweep (no watermark yet) looks this far back. */
const FIRST_SWEEP_LOOKBACK_MS = 48 * HOUR_MS;

/**
 * Runs every minute: reads only the tickets whose warning or breach time has come (through the sparse index,
 * so its cost follows the due tickets, not all open ones), acts on each once, and tells the staff.
 */
export async function sweepEscalations(
  deps: EscalationDeps,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const watermark = await deps.escalationIndex.getWatermark();
  const buckets = bucketsSince(deps, watermark, now);
  const settings = await deps.sla.load();
  // A disabled account (someone who left) is told nothing: a notice names a beneficiary's ticket, by email too.
  const staff = (await deps.store.listStaffUsers()).filter((user) => !user.disabled);
  const result: SweepResult = {
    ticketsRead: 0,
    warnings: 0,
    breaches: 0,
    furtherEscalations: 0,
    lagSeconds: 0,
    complete: true,
  };

  const escalate = async (ticketId: string) => {
    let acted: DueEscalation[] = [];
    const after = await deps.store.updateTicket(ticketId, (current) => {
      acted = current.sla ? dueEscalations(current.sla, now) : [];
      if (!current.sla || acted.length === 0) return current;
      const policy = settings.policies.find((p) => p.id === current.sla?.policyId);
      return applyEscalations(current, acted, policy, now);
    });
    // What this run acted on, or what a run that died before telling anyone left unannounced, once that run has
    // had its time: an overlapping run leaves the announcing to the one that acted.
    const unannounced = after.sla?.unannounced;
    const abandoned = unannounced && Date.parse(unannounced.since) + ANNOUNCING_LEASE_MS <= now.getTime();
    const toAnnounce = acted.length > 0 || abandoned ? (unannounced?.escalations ?? []) : [];
    if (toAnnounce.length === 0) return;
    await record(deps, after, toAnnounce, staff, settings.policies);
    await deps.store.updateTicket(ticketId, (current) =>
      current.sla?.unannounced ? { ...current, sla: announced(current.sla) } : current,
    );
    for (const escalation of toAnnounce) {
      if (escalation.level === 'warning') result.warnings += 1;
      else if (escalation.level === 'breach') result.breaches += 1;
      else result.furtherEscalations += 1;
      const late = (now.getTime() - Date.parse(escalation.dueAt)) / 1000;
      result.lagSeconds = Math.max(result.lagSeconds, Math.round(late));
    }
  };

  for (const bucket of buckets) {
    const due = await deps.escalationIndex.ticketIdsDueInBucket(bucket, nowIso);
    result.ticketsRead += due.length;
    let next = 0;
    // Each due ticket is its own read and conditional write: several at once clear a backlog that many times
    // faster. A backlog larger than one run can act on is left to the next: an escalated ticket leaves the due
    // query, so every run makes progress, and a run that ends in time keeps its lag and result reported.
    const worker = async () => {
      while (next < due.length && result.complete) {
        if (options.shouldStop?.()) {
          result.complete = false;
          return;
        }
        await escalate(due[next++] as string);
      }
    };
    await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, due.length) }, worker));
    if (!result.complete) break;
  }
  // The watermark says the buckets before it hold nothing due: only a run that finished may move it.
  if (result.complete) await deps.escalationIndex.setWatermark(nowIso);
  return result;
}

function bucketsSince(deps: EscalationDeps, watermark: string | undefined, now: Date): string[] {
  const start = watermark ? new Date(watermark) : new Date(now.getTime() - FIRST_SWEEP_LOOKBACK_MS);
  const buckets = new Set<string>();
  for (let at = start.getTime() - HOUR_MS; at <= now.getTime(); at += HOUR_MS) {
    buckets.add(deps.escalationIndex.bucketOf(new Date(at).toISOString()));
  }
  buckets.add(deps.escalationIndex.bucketOf(now.toISOString()));
  return [...buckets];
}

function applyEscalations(
  ticket: Ticket,
  acted: DueEscalation[],
  policy: SlaPolicy | undefined,
  now: Date,
): Ticket {
  const next: Ticket = { ...ticket };
  // A breach applies the policy's breach actions; each further level its own.
  const actions = policy
    ? acted.flatMap((escalation) =>
        escalation.level === 'breach'
          ? [policy.onBreach]
          : escalation.level === 'further'
            ? [policy.furtherLevels?.[escalation.index ?? 0] ?? {}]
            : [],
      )
    : [];
  for (const action of actions) {
    if (action.raisePriority) next.priority = raised(next.priority);
    if (action.moveToQueueId && action.moveToQueueId !== next.queueId) {
      next.queueId = action.moveToQueueId;
      next.assigneeId = undefined;
    }
  }
  // What changed is kept with the escalations until they are announced: whichever run announces them records it.
  const effects: EscalationEffects = {
    priority: { from: ticket.priority, to: next.priority },
    queue: { from: ticket.queueId, to: next.queueId },
    heldBy: ticket.assigneeId,
  };
  next.sla = withUnannounced(
    markEscalated(ticket.sla as NonNullable<Ticket['sla']>, acted),
    acted,
    now,
    effects,
  );
  return next;
}

function raised(priority: Priority): Priority {
  return PRIORITIES[Math.min(PRIORITIES.indexOf(priority) + 1, PRIORITIES.length - 1)] as Priority;
}

async function record(
  deps: EscalationDeps,
  after: Ticket,
  acted: DueEscalation[],
  staff: StaffUser[],
  policies: SlaPolicy[],
): Promise<void> {
  const at = deps.clock.now().toISOString();
  // Ids the same however often this is recorded (a sweep that takes over from one that died after recording lands
  // on its events), from the instant the escalations were marked; the events are dated then too, as the run that
  // acted would have dated them, not when a later run took over.
  const markedAt = new Date(after.sla?.unannounced?.since ?? at);
  const event = (type: string, data: Record<string, unknown>, seed: string): TicketEventRecord => ({
    id: deps.ids.repeatable(markedAt, `${after.id}#${type}#${seed}`),
    ticketId: after.id,
    type,
    at: markedAt.toISOString(),
    data,
  });
  const events = acted.map((escalation) =>
    event(
      EVENT_TYPES[escalation.level],
      {
        clock: escalation.clock,
        dueAt: escalation.dueAt,
        ...(escalation.index !== undefined && { level: escalation.index + 1 }),
      },
      `${escalation.clock}#${escalation.dueAt}`,
    ),
  );
  // What acting on them changed, as the run that acted kept it (this may be a run taking over from it, which
  // finds the ticket already changed).
  const effects = after.sla?.unannounced?.effects;
  const { priority, queue } = effects ?? {};
  if (priority) events.push(event('priority_changed', { from: priority.from, to: priority.to }, priority.to));
  if (queue) events.push(event('queue_changed', { from: queue.from, to: queue.to }, queue.to));
  await deps.store.addEvents(events);

  const holder = staff.find((user) => user.id === (effects ? effects.heldBy : after.assigneeId));
  // A holder since moved out of the queue they held it in can no longer open it: nothing of it is told to them.
  const heldIn = effects?.queue?.from ?? after.queueId;
  const assignee = holder && canSeeQueue({ ...holder, userId: holder.id }, heldIn) ? holder : undefined;
  // A holder on leave cannot answer in time: a warning goes to the supervisors instead, and a further level meant
  // for the holder to the supervisors as well.
  const present = assignee && !assignee.away ? assignee : undefined;
  const atWork = (role: Role) =>
    staff.filter((user) => user.roles.includes(role) && !user.away && !user.disabled);
  // Whoever can give the ticket to someone at work: the supervisors, or the admins while every supervisor is away.
  const onDuty = atWork('supervisor');
  const supervisors = onDuty.length > 0 ? onDuty : atWork('admin');
  const managers = atWork('manager');
  const notified = new Set<string>();
  for (const escalation of acted) {
    // A warning goes to whoever holds the ticket and is at work (the supervisors otherwise); a breach to the
    // assignee, the supervisors and the managers.
    const further =
      escalation.level === 'further'
        ? policies.find((p) => p.id === after.sla?.policyId)?.furtherLevels?.[escalation.index ?? 0]
        : undefined;
    const toAssignee = further?.notify.includes('assignee');
    const recipients = further
      ? [
          ...new Set([
            ...(toAssignee && assignee ? [assignee] : []),
            ...(further.notify.includes('supervisors') || (toAssignee && !present) ? supervisors : []),
            ...(further.notify.includes('managers') ? managers : []),
          ]),
        ]
      : escalation.level === 'warning'
        ? present
          ? [present]
          : supervisors
        : [...new Set([...(assignee ? [assignee] : []), ...supervisors, ...managers])];
    // The committee's window is the committee's own: its members hear of it through the committee queue.
    if (escalation.clock === 'committeeDecision') {
      for (const member of committeeMembersOf(staff, after.queueId))
        if (!recipients.includes(member)) recipients.push(member);
    }
    if (recipients.length === 0) continue;
    await deps.staffNotifier.notify({
      recipients,
      ticket: after,
      level: escalation.level,
      clock: escalation.clock,
      dueAt: escalation.dueAt,
      toldAt: markedAt.toISOString(),
    });
    for (const recipient of recipients) notified.add(recipient.id);
  }
  // After the notices, so the change tells each recipient's inbox there is one to read.
  await deps.events.publish(changeOf('updated', after, at, { notified: [...notified] }));
}
