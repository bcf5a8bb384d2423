import { describe, expect, it } from 'vitest';
import type { RequestStatus } from '../../shared/use-cases/status-self-service.ts';
import { timeline } from '../../web/src/public/status-timeline.ts';

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
});
