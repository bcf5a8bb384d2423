import { describe, expect, it } from 'vitest';
import type { RequestStatus } from '../../shared/use-cases/status-self-service.ts';
import { currentStepKey, timeline } from '../../web/src/public/status-timeline.ts';

const received: RequestStatus = {
  reference: 'SND-2026-000123',
  type: 'support_request',
  status: 'open',
  step: 'social_research',
  receivedAt: '2026-11-01T08:00:00.000Z',
  verifiedAt: '2026-11-02T08:00:00.000Z',
};

describe('the steps a beneficiary sees of their request', () => {
  it('shows the steps still to come of a case under way', () => {
    expect(timeline(received).map((entry) => [entry.label, entry.at])).toEqual([
      ['statusPage.step.received', received.receivedAt],
      ['statusPage.step.verified', received.verifiedAt],
      ['statusPage.step.committee', undefined],
      ['statusPage.step.decided', undefined],
      ['statusPage.step.registered', undefined],
      ['statusPage.step.delivered', undefined],
    ]);
  });

  it('ends a withdrawn case at its withdrawal, with nothing left to come and no committee deadline', () => {
    const withdrawn: RequestStatus = {
      ...received,
      status: 'closed',
      step: 'withdrawn',
      sentToCommitteeAt: '2026-11-03T08:00:00.000Z',
      committeeDueAt: '2026-11-17T08:00:00.000Z',
      endedAt: '2026-11-05T08:00:00.000Z',
    };
    expect(timeline(withdrawn).map((entry) => [entry.label, entry.at])).toEqual([
      ['statusPage.step.received', received.receivedAt],
      ['statusPage.step.verified', received.verifiedAt],
      ['statusPage.step.committee', withdrawn.sentToCommitteeAt],
      ['statusPage.caseStep.withdrawn', withdrawn.endedAt],
    ]);
    expect(timeline({ ...withdrawn, step: 'incomplete' }).at(-1)?.label).toBe(
      'statusPage.caseStep.incomplete',
    );
  });

  it('shows the service under way from the first of a series of deliveries, and done with the last', () => {
    const registered: RequestStatus = {
      ...received,
      step: 'registered',
      decidedAt: '2026-11-10T08:00:00.000Z',
      outcome: 'approved',
      registeredAt: '2026-11-11T08:00:00.000Z',
      deliveries: { delivered: 0, planned: 3 },
    };
    expect(timeline(registered).at(-1)).toEqual({ label: 'statusPage.step.delivered' });
    expect(currentStepKey(registered)).toBe('statusPage.caseStep.registered');

    const first = '2026-12-01T09:00:00.000Z';
    const underway = { ...registered, deliveries: { delivered: 1, planned: 3, lastDeliveredAt: first } };
    expect(timeline(underway).at(-1)).toEqual({
      label: 'statusPage.step.delivered',
      at: first,
      underway: true,
      progress: { delivered: 1, planned: 3 },
    });
    expect(currentStepKey(underway)).toBe('statusPage.caseStep.delivering');

    const last = '2027-02-01T09:00:00.000Z';
    const delivered: RequestStatus = {
      ...registered,
      status: 'closed',
      step: 'service_delivered',
      serviceDeliveredAt: last,
      deliveries: { delivered: 3, planned: 3, lastDeliveredAt: last },
    };
    expect(timeline(delivered).at(-1)).toEqual({
      label: 'statusPage.step.delivered',
      at: last,
      progress: { delivered: 3, planned: 3 },
    });
    expect(currentStepKey(delivered)).toBe('statusPage.caseStep.service_delivered');
  });
});
