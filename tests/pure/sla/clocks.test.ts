import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../../../shared/domain/ticket.ts';
import {
  calendarTimekeeper,
  dueEscalations,
  markEscalated,
  slaAfterBeneficiaryMessage,
  slaAfterStaffReply,
  slaAfterStatusChange,
  startSla,
  withUnannounced,
} from '../../../shared/sla/clocks.ts';
import type { SlaPolicy } from '../../../shared/sla/policy.ts';

const policy: SlaPolicy = {
  id: 'p',
  nameAr: 'س',
  nameEn: 'p',
  targets: { firstResponse: 60, nextResponse: 120, resolution: 600 },
  time: 'calendar',
  warningShare: 0.8,
  onBreach: {},
};
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 8, minutes));
const keeper = calendarTimekeeper;
/** The SLA after a status change at `minute`, from the one started at minute 0 unless another is given. */
const changed = (
  from: TicketStatus,
  to: TicketStatus,
  minute: number,
  sla = startSla(policy, keeper, at(0)),
) => slaAfterStatusChange(sla, policy, keeper, from, to, at(minute));

describe('SLA clocks', () => {
  it('start first response and resolution on a new ticket, warning at 80% of each window', () => {
    const sla = startSla(policy, keeper, at(0));
    expect(sla.clocks.firstResponse).toMatchObject({
      warnAt: at(48).toISOString(),
      dueAt: at(60).toISOString(),
    });
    expect(sla.clocks.resolution?.dueAt).toBe(at(600).toISOString());
    expect(sla.nextCheckAt).toBe(at(48).toISOString());
  });

  it('stop the response clocks on a staff reply and start a next response when the beneficiary writes again', () => {
    const answered = slaAfterStaffReply(startSla(policy, keeper, at(0)), at(10));
    expect(answered.breachedAt).toBeUndefined();
    expect(answered.clocks.firstResponse).toBeUndefined();
    const again = slaAfterBeneficiaryMessage(answered, policy, keeper, at(100));
    expect(again.clocks.nextResponse?.dueAt).toBe(at(220).toISOString());
  });

  it('stand still while waiting on the beneficiary and resume with the time they had left', () => {
    const started = startSla(policy, keeper, at(0));
    const paused = changed('open', 'pending_beneficiary', 30, started);
    expect(paused.nextCheckAt).toBeUndefined();
    expect(dueEscalations(paused, at(500))).toEqual([]);
    const resumed = changed('pending_beneficiary', 'open', 90, paused);
    // 30 minutes had passed of the hour; the other 30 run from the resumption.
    expect(resumed.clocks.firstResponse?.dueAt).toBe(at(120).toISOString());
    expect(resumed.pausedAt).toBeUndefined();
  });

  it('resume when the beneficiary replies to a ticket waiting on them', () => {
    const paused = changed('new', 'pending_beneficiary', 10);
    const replied = slaAfterBeneficiaryMessage(paused, policy, keeper, at(70));
    expect(replied.pausedAt).toBeUndefined();
    expect(replied.clocks.firstResponse?.dueAt).toBe(at(120).toISOString());
  });

  it('stop on resolution and restart the resolution clock when reopened', () => {
    const resolved = changed('open', 'resolved', 200);
    expect(resolved.clocks).toEqual({});
    expect(resolved.nextCheckAt).toBeUndefined();
    const reopened = changed('resolved', 'open', 300, resolved);
    expect(reopened.clocks.resolution?.dueAt).toBe(at(900).toISOString());
    expect(reopened.clocks.nextResponse?.dueAt).toBe(at(420).toISOString());
  });

  it('warn, then breach, each once', () => {
    const sla = startSla(policy, keeper, at(0));
    const warnings = dueEscalations(sla, at(50));
    expect(warnings).toEqual([{ clock: 'firstResponse', level: 'warning', dueAt: at(48).toISOString() }]);
    const warned = markEscalated(sla, warnings);
    expect(dueEscalations(warned, at(55))).toEqual([]);
    expect(warned.nextCheckAt).toBe(at(60).toISOString());
    const breaches = dueEscalations(warned, at(61));
    expect(breaches.map((due) => due.level)).toEqual(['breach']);
    const breached = markEscalated(warned, breaches);
    // Counted at the instant the window ran out, not when the sweep came.
    expect(breached).toMatchObject({ breachedAt: at(60).toISOString(), escalationLevel: 2 });
    expect(dueEscalations(breached, at(62))).toEqual([]);
    expect(breached.nextCheckAt).toBe(at(480).toISOString());
  });
});

describe('further escalation levels', () => {
  const withLevels: SlaPolicy = {
    ...policy,
    furtherLevels: [
      { afterMinutes: 30, notify: ['supervisors'] },
      { afterMinutes: 120, notify: ['managers'], raisePriority: true },
    ],
  };

  it('follow a breach left unanswered, one after the other, each once, then stop', () => {
    let sla = startSla(withLevels, keeper, at(0));
    expect(sla.clocks.firstResponse?.levelsAt).toEqual([at(90).toISOString(), at(180).toISOString()]);
    sla = markEscalated(sla, dueEscalations(sla, at(50)));
    sla = markEscalated(sla, dueEscalations(sla, at(61)));
    expect(sla.nextCheckAt).toBe(at(90).toISOString());
    const first = dueEscalations(sla, at(95)).filter((due) => due.clock === 'firstResponse');
    expect(first).toEqual([
      { clock: 'firstResponse', level: 'further', dueAt: at(90).toISOString(), index: 0 },
    ]);
    sla = markEscalated(sla, first);
    expect(sla.escalationLevel).toBe(3);
    expect(dueEscalations(sla, at(100)).filter((due) => due.clock === 'firstResponse')).toEqual([]);
    const second = dueEscalations(sla, at(181)).filter((due) => due.clock === 'firstResponse');
    expect(second.map((due) => due.index)).toEqual([1]);
    sla = markEscalated(sla, second);
    expect(sla.escalationLevel).toBe(4);
    expect(dueEscalations(sla, at(1000)).filter((due) => due.clock === 'firstResponse')).toEqual([]);
  });

  it('stop when staff answer', () => {
    const answered = slaAfterStaffReply(startSla(withLevels, keeper, at(0)), at(10));
    expect(dueEscalations(answered, at(200)).filter((due) => due.clock === 'firstResponse')).toEqual([]);
  });
});

describe('breaches no sweep saw', () => {
  it('are recorded when staff answer after the window ran out, at the instant it ran out', () => {
    const late = slaAfterStaffReply(startSla(policy, keeper, at(0)), at(90));
    expect(late.breachedAt).toBe(at(60).toISOString());
    expect(late.clocks.firstResponse).toBeUndefined();
  });

  it('are recorded when a ticket is resolved after its resolution window, keeping the earliest breach', () => {
    const answeredLate = slaAfterStaffReply(startSla(policy, keeper, at(0)), at(70));
    const resolved = changed('open', 'resolved', 700, answeredLate);
    expect(resolved.breachedAt).toBe(at(60).toISOString());
    const answeredInTime = slaAfterStaffReply(startSla(policy, keeper, at(0)), at(10));
    expect(changed('open', 'resolved', 700, answeredInTime).breachedAt).toBe(at(600).toISOString());
    expect(changed('open', 'resolved', 500, answeredInTime).breachedAt).toBeUndefined();
  });

  it('are not recorded for a window that ran out only while the ticket waited on the beneficiary', () => {
    const paused = changed('open', 'pending_beneficiary', 30);
    expect(
      slaAfterStatusChange(paused, policy, keeper, 'pending_beneficiary', 'resolved', at(900)).breachedAt,
    ).toBeUndefined();
  });
});

describe('breaches counted for the reports', () => {
  it('count one for each time the ticket was open and its windows were breached: a reopened ticket’s are new', () => {
    // Two windows breached while first open: one breach, the earliest.
    const answeredLate = slaAfterStaffReply(startSla(policy, keeper, at(0)), at(70));
    const resolved = changed('open', 'resolved', 700, answeredLate);
    expect(resolved).toMatchObject({ breaches: 1, lastBreachedAt: at(60).toISOString() });
    // Reopened: its new windows are unbroken until one runs out.
    const reopened = changed('resolved', 'open', 800, resolved);
    expect(reopened.breaches).toBe(1);
    expect(reopened.lastBreachedAt).toBeUndefined();
    // The sweep sees its next response run out (at 920): a second breach, dated then.
    const swept = markEscalated(reopened, dueEscalations(reopened, at(930)));
    expect(swept).toMatchObject({
      breaches: 2,
      lastBreachedAt: at(920).toISOString(),
      breachedAt: at(60).toISOString(),
    });
    // Answered, then resolved past the new resolution window: the same opening, no further breach.
    const answered = slaAfterStaffReply(swept, at(940));
    expect(changed('open', 'resolved', 1500, answered)).toMatchObject({ breaches: 2 });
  });

  it('count a ticket breached before they were counted this way as breached once, and a breach after reopening anew', () => {
    const {
      breaches: _counted,
      lastBreachedAt: _last,
      ...before
    } = slaAfterStaffReply(startSla(policy, keeper, at(0)), at(70));
    // Resolved late (another window of the same opening): still the one breach.
    expect(changed('open', 'resolved', 700, before)).toMatchObject({ breaches: 1 });
    const reopened = changed('resolved', 'open', 800, changed('open', 'resolved', 100, before));
    expect(slaAfterStaffReply(reopened, at(990))).toMatchObject({
      breaches: 2,
      lastBreachedAt: at(920).toISOString(),
    });
  });
});

describe('escalations acted on and not yet announced', () => {
  it('keep what acting on them changed, joined across runs: the first from, the last to, the first holder', () => {
    const sla = startSla(policy, keeper, at(0));
    const breach = dueEscalations(sla, at(61));
    const once = withUnannounced(markEscalated(sla, breach), breach, at(61), {
      priority: { from: 'normal', to: 'high' },
      queue: { from: 'beneficiary-relations', to: 'beneficiary-relations' },
      heldBy: 'u-agent',
    });
    expect(once.unannounced).toEqual({
      since: at(61).toISOString(),
      escalations: breach,
      effects: { priority: { from: 'normal', to: 'high' }, heldBy: 'u-agent' },
    });
    const further = [{ clock: 'resolution', level: 'warning', dueAt: at(480).toISOString() }] as const;
    const twice = withUnannounced(once, [...further], at(62), {
      priority: { from: 'high', to: 'urgent' },
      queue: { from: 'beneficiary-relations', to: 'social-research' },
    });
    expect(twice.unannounced).toEqual({
      since: at(61).toISOString(),
      escalations: [...breach, ...further],
      effects: {
        priority: { from: 'normal', to: 'urgent' },
        queue: { from: 'beneficiary-relations', to: 'social-research' },
        heldBy: 'u-agent',
      },
    });
  });
});
