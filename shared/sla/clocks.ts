import type { Priority, TicketStatus } from '../domain/ticket-terms.ts';
import type { SlaClockName, SlaPolicy } from './policy.ts';

/** Counts time the way a policy says: working time on the society's calendar, or plain calendar time. */
export interface Timekeeper {
  add(start: Date, ms: number): Date;
  between(from: Date, to: Date): number;
}

export const calendarTimekeeper: Timekeeper = {
  add: (start, ms) => new Date(start.getTime() + ms),
  between: (from, to) => Math.max(0, to.getTime() - from.getTime()),
};

export interface SlaClock {
  startedAt: string;
  warnAt: string;
  dueAt: string;
  warned?: boolean;
  breached?: boolean;
  /** When each further level of the policy falls due, and how many have been acted on. */
  levelsAt?: string[];
  levelsDone?: number;
}

/** A ticket's response windows; stored on the ticket and indexed by `nextCheckAt` for escalation. */
export interface TicketSla {
  policyId: string;
  clocks: Partial<Record<SlaClockName, SlaClock>>;
  /** Set while the ticket waits on the beneficiary: clocks stand still. */
  pausedAt?: string;
  /** The first breach, kept for reports. */
  breachedAt?: string;
  /**
   * Breaches counted by the reports: one for each time the ticket was open (created or reopened) whose windows
   * were breached, so a reopened ticket's new windows breached are a new breach. Absent: one if `breachedAt`.
   */
  breaches?: number;
  /** The first breach since the ticket was last (re)opened; absent when none was. */
  lastBreachedAt?: string;
  escalationLevel?: number;
  /** The next warning or breach instant of a running clock; absent when nothing is running. */
  nextCheckAt?: string;
  /**
   * Escalations acted on whose events and notices are not known to be recorded (the sweep that marked them may
   * have died before telling anyone): the ticket stays due from `since` until they are.
   */
  unannounced?: { since: string; escalations: DueEscalation[]; effects?: EscalationEffects };
}

/**
 * What acting on escalations changed on the ticket, kept with them until they are announced: a sweep taking over
 * from one that died records the same changes, and tells the same people, as the one that acted would have.
 */
export interface EscalationEffects {
  priority?: { from: Priority; to: Priority };
  queue?: { from: string; to: string };
  /** Who held the ticket when they were acted on (a move to another queue leaves it with nobody). */
  heldBy?: string;
}

const MINUTE = 60_000;

function startClock(
  policy: SlaPolicy,
  keeper: Timekeeper,
  name: SlaClockName,
  now: Date,
): SlaClock | undefined {
  const minutes = policy.targets[name];
  if (!minutes) return undefined;
  const dueAt = keeper.add(now, minutes * MINUTE);
  const levelsAt = (policy.furtherLevels ?? []).map((level) =>
    keeper.add(dueAt, level.afterMinutes * MINUTE).toISOString(),
  );
  return {
    startedAt: now.toISOString(),
    warnAt: keeper.add(now, minutes * MINUTE * policy.warningShare).toISOString(),
    dueAt: dueAt.toISOString(),
    ...(levelsAt.length > 0 && { levelsAt }),
  };
}

/** The next instant a clock needs the sweep: its warning, its breach, or its next further level. */
function nextInstantOf(clock: SlaClock): string | undefined {
  if (!clock.warned) return clock.warnAt;
  if (!clock.breached) return clock.dueAt;
  return clock.levelsAt?.[clock.levelsDone ?? 0];
}

function withNextCheck(sla: TicketSla): TicketSla {
  const instants = [
    ...(sla.pausedAt ? [] : Object.values(sla.clocks).map(nextInstantOf)),
    sla.unannounced?.since,
  ]
    .filter((instant): instant is string => instant !== undefined)
    .sort();
  return { ...sla, nextCheckAt: instants[0] };
}

function withClock(sla: TicketSla, name: SlaClockName, clock: SlaClock | undefined): TicketSla {
  const clocks = { ...sla.clocks };
  if (clock) clocks[name] = clock;
  else delete clocks[name];
  return withNextCheck({ ...sla, clocks });
}

/** A new ticket: the first-response and resolution clocks start. */
export function startSla(policy: SlaPolicy, keeper: Timekeeper, now: Date): TicketSla {
  let sla: TicketSla = { policyId: policy.id, clocks: {} };
  sla = withClock(sla, 'firstResponse', startClock(policy, keeper, 'firstResponse', now));
  return withClock(sla, 'resolution', startClock(policy, keeper, 'resolution', now));
}

/**
 * Clocks stop; one stopped past its due instant was breached then, whether or not a sweep saw it (a sweep runs
 * a minute apart, and history written with the clock moved back runs none), so reports count every breach.
 */
function stopClocks(sla: TicketSla, names: SlaClockName[], now: Date): TicketSla {
  const stoppedAt = sla.pausedAt ?? now.toISOString();
  let stopped: TicketSla = { ...sla, clocks: { ...sla.clocks } };
  for (const name of names) {
    const dueAt = stopped.clocks[name]?.dueAt;
    if (dueAt && dueAt <= stoppedAt) stopped = breached(stopped, dueAt);
    delete stopped.clocks[name];
  }
  return withNextCheck(stopped);
}

const earlier = (a: string | undefined, b: string) => (a !== undefined && a <= b ? a : b);

/** A window ran out at `at`: the ticket's first breach is kept, and the first since it was (re)opened counted. */
function breached(sla: TicketSla, at: string): TicketSla {
  // Written before breaches were counted per opening, a ticket's one breach is `breachedAt`.
  const counted = sla.breaches === undefined ? sla.breachedAt : sla.lastBreachedAt;
  return {
    ...sla,
    breachedAt: earlier(sla.breachedAt, at),
    lastBreachedAt: earlier(counted, at),
    breaches: breachesOf(sla) + (counted ? 0 : 1),
  };
}

/** How many breaches the reports count for a ticket's SLA (see `TicketSla.breaches`). */
export function breachesOf(sla: Partial<TicketSla> | undefined): number {
  return sla?.breaches ?? (sla?.breachedAt ? 1 : 0);
}

/** Staff answered: the first-response and next-response clocks stop. */
export function slaAfterStaffReply(sla: TicketSla, now: Date): TicketSla {
  return stopClocks(sla, ['firstResponse', 'nextResponse'], now);
}

/** The beneficiary wrote again after being answered: a next-response clock starts (if not already running). */
export function slaAfterBeneficiaryMessage(
  sla: TicketSla,
  policy: SlaPolicy,
  keeper: Timekeeper,
  now: Date,
): TicketSla {
  const resumed = sla.pausedAt ? resume(sla, keeper, now) : sla;
  if (resumed.clocks.firstResponse || resumed.clocks.nextResponse) return resumed;
  return withClock(resumed, 'nextResponse', startClock(policy, keeper, 'nextResponse', now));
}

/** A complete application reached the research committee: its decision window starts. */
export function slaAtCommittee(sla: TicketSla, policy: SlaPolicy, keeper: Timekeeper, now: Date): TicketSla {
  return withClock(sla, 'committeeDecision', startClock(policy, keeper, 'committeeDecision', now));
}

/** The committee decided: its window closes. */
export function slaAfterCommitteeDecision(sla: TicketSla, now: Date): TicketSla {
  return stopClocks(sla, ['committeeDecision'], now);
}

/**
 * A status change: waiting on the beneficiary pauses the clocks, leaving that state resumes them with the time
 * they had left, resolving stops them, and reopening starts resolution (and a next response) afresh.
 */
export function slaAfterStatusChange(
  sla: TicketSla,
  policy: SlaPolicy,
  keeper: Timekeeper,
  from: TicketStatus,
  to: TicketStatus,
  now: Date,
): TicketSla {
  if (from === to) return sla;
  if (to === 'resolved' || to === 'closed')
    return { ...stopClocks(sla, Object.keys(sla.clocks) as SlaClockName[], now), pausedAt: undefined };
  if (from === 'resolved' || from === 'closed') {
    // Its new windows: a breach of them is a new breach.
    const reopened = withClock(
      { ...sla, clocks: {}, breaches: breachesOf(sla), lastBreachedAt: undefined },
      'resolution',
      startClock(policy, keeper, 'resolution', now),
    );
    return withClock(reopened, 'nextResponse', startClock(policy, keeper, 'nextResponse', now));
  }
  if (to === 'pending_beneficiary')
    return sla.pausedAt ? sla : withNextCheck({ ...sla, pausedAt: now.toISOString() });
  if (from === 'pending_beneficiary') return resume(sla, keeper, now);
  return sla;
}

function resume(sla: TicketSla, keeper: Timekeeper, now: Date): TicketSla {
  if (!sla.pausedAt) return sla;
  const pausedAt = new Date(sla.pausedAt);
  // Each instant keeps the working time it had left when the pause began.
  const shift = (instant: string) =>
    new Date(instant) <= pausedAt
      ? instant
      : keeper.add(now, keeper.between(pausedAt, new Date(instant))).toISOString();
  const clocks: TicketSla['clocks'] = {};
  for (const [name, clock] of Object.entries(sla.clocks) as [SlaClockName, SlaClock][]) {
    clocks[name] = {
      ...clock,
      warnAt: shift(clock.warnAt),
      dueAt: shift(clock.dueAt),
      ...(clock.levelsAt && { levelsAt: clock.levelsAt.map(shift) }),
    };
  }
  return withNextCheck({ ...sla, clocks, pausedAt: undefined });
}

export interface DueEscalation {
  clock: SlaClockName;
  level: 'warning' | 'breach' | 'further';
  dueAt: string;
  /** Which further level of the policy, for `further`. */
  index?: number;
}

/** The warnings and breaches that have come and not yet been acted on. */
export function dueEscalations(sla: TicketSla, now: Date): DueEscalation[] {
  if (sla.pausedAt) return [];
  const due: DueEscalation[] = [];
  for (const [name, clock] of Object.entries(sla.clocks) as [SlaClockName, SlaClock][]) {
    const nextLevel = clock.levelsAt?.[clock.levelsDone ?? 0];
    if (!clock.breached && new Date(clock.dueAt) <= now) {
      due.push({ clock: name, level: 'breach', dueAt: clock.dueAt });
    } else if (!clock.warned && new Date(clock.warnAt) <= now) {
      due.push({ clock: name, level: 'warning', dueAt: clock.warnAt });
    } else if (clock.breached && nextLevel && new Date(nextLevel) <= now) {
      due.push({ clock: name, level: 'further', dueAt: nextLevel, index: clock.levelsDone ?? 0 });
    }
  }
  return due;
}

/**
 * Acted on at `now`, to be announced: the ticket stays due until `announced` says they were. `effects` are what
 * acting on them changed, joined to what earlier ones still unannounced changed.
 */
export function withUnannounced(
  sla: TicketSla,
  escalations: DueEscalation[],
  now: Date,
  effects: EscalationEffects = {},
): TicketSla {
  const earlier = sla.unannounced?.escalations ?? [];
  const told = sla.unannounced?.effects;
  const joined = <T>(first: { from: T; to: T } | undefined, then: { from: T; to: T } | undefined) =>
    first && then ? { from: first.from, to: then.to } : (first ?? then);
  const priority = joined(told?.priority, effects.priority);
  const queue = joined(told?.queue, effects.queue);
  const heldBy = told ? told.heldBy : effects.heldBy;
  return withNextCheck({
    ...sla,
    unannounced: {
      since: sla.unannounced?.since ?? now.toISOString(),
      escalations: [...earlier, ...escalations],
      effects: {
        ...(priority && priority.from !== priority.to && { priority }),
        ...(queue && queue.from !== queue.to && { queue }),
        ...(heldBy && { heldBy }),
      },
    },
  });
}

/** The escalations' events and notices are recorded: the ticket is due again only at its next instant. */
export function announced(sla: TicketSla): TicketSla {
  const { unannounced: _told, ...rest } = sla;
  return withNextCheck(rest);
}

/** Records that escalations were acted on, so a re-run of the sweep never repeats them. */
export function markEscalated(sla: TicketSla, escalations: DueEscalation[]): TicketSla {
  let marked: TicketSla = { ...sla, clocks: { ...sla.clocks } };
  const clocks = marked.clocks;
  let escalationLevel = sla.escalationLevel ?? 0;
  for (const escalation of escalations) {
    const clock = clocks[escalation.clock];
    if (!clock) continue;
    if (escalation.level === 'further') {
      const done = (escalation.index ?? 0) + 1;
      clocks[escalation.clock] = { ...clock, levelsDone: done };
      escalationLevel = Math.max(escalationLevel, 2 + done);
    } else if (escalation.level === 'breach') {
      clocks[escalation.clock] = { ...clock, warned: true, breached: true };
      // The instant the window ran out, not when the sweep noticed: reports count it on its own day.
      marked = breached(marked, escalation.dueAt);
      escalationLevel = Math.max(escalationLevel, 2);
    } else {
      clocks[escalation.clock] = { ...clock, warned: true };
      escalationLevel = Math.max(escalationLevel, 1);
    }
  }
  return withNextCheck({ ...marked, escalationLevel });
}
