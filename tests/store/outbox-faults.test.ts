import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import { InboxRepository } from '../../functions/adapters/dynamodb/inbox-repository.ts';
import { DynamoStatusCodeStore } from '../../functions/adapters/dynamodb/public-access-repository.ts';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter.ts';
import { SignedStatusLinks } from '../../functions/adapters/signed-status-links.ts';
import { STARTING_BRANCHES } from '../../shared/domain/branches.ts';
import type { OutboundMessage } from '../../shared/ports/outbound.ts';
import {
  type AutomaticDeps,
  drainOutbox,
  OUTBOX_LEASE_MS,
  sendAutomatic,
} from '../../shared/use-cases/automatic-messages.ts';
import { offerSurvey, type SurveyOfferDeps } from '../../shared/use-cases/satisfaction-survey.ts';
import {
  recordSupportRequestAcknowledgement,
  type SubmitDeps,
  type SupportRequestSubmission,
  submitSupportRequest,
} from '../../shared/use-cases/submit-support-request.ts';
import { Crash, crashingOnce } from '../support/crash.ts';
import { aPhoneTicket } from '../support/factories.ts';
import { outboxPorts, startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
let deps: AutomaticDeps & SubmitDeps & SurveyOfferDeps;
const sent: OutboundMessage[] = [];

beforeAll(async () => {
  t = await startTestStore();
  t.setNow(new Date('2026-11-29T08:00:00Z'));
  const db = t.db;
  const config = new ConfigRepository(db, 'sanad-test');
  deps = {
    ...t.deps,
    store: t.store,
    ...outboxPorts(db),
    inbox: new InboxRepository(db, 'sanad-test'),
    senders: {
      sms: {
        async send(message) {
          sent.push(message);
          return { providerMessageId: `sms-${sent.length}` };
        },
      },
    },
    templates: config.messageTemplates(0),
    branches: { listBranches: async () => STARTING_BRANCHES },
    rateLimiter: new DynamoRateLimiter(db, 'sanad-test'),
    statusCodes: new DynamoStatusCodeStore(db, 'sanad-test'),
    publicSiteUrl: 'https://sanad.example',
    statusLinks: new SignedStatusLinks(
      async () => 'test-link-secret',
      () => 'https://sanad.example',
    ),
  };
});
afterAll(async () => {
  await t.dynamo.close();
});

/** A case notice to the ticket's beneficiary, as a case action records it. */
const aNotice = (ticketId: string, id = `${ticketId}#notice`) => ({
  id,
  ticketId,
  kind: 'case_notice' as const,
  text: 'تحديث طلبكم',
  createdAt: t.deps.clock.now().toISOString(),
});
const sendsTo = (phone: string) => sent.filter((message) => message.to === phone);
const eventsOf = async (ticketId: string) =>
  (await t.store.getTicketWithThread(ticketId))?.events.map((event) => event.type) ?? [];

/** After the crash the runtime restarts: the lease of the dead attempt runs out, the drain runs (twice). */
async function restartAndDrain(): Promise<void> {
  t.later(OUTBOX_LEASE_MS + 1000);
  await drainOutbox(deps);
  await drainOutbox(deps);
}

describe('automatic messages survive a crash at any point: sent once or twice, never zero times', () => {
  it.each([
    ['store.getTicket', 'before sending', 1],
    ['store.getContact', 'before sending', 1],
    ['store.addMessage', 'after sending, before it is recorded', 2],
    ['outbox.finish', 'after recording, before it is marked sent', 2],
    ['events.publish', 'after it is marked sent', 1],
  ] as const)('a crash at %s (%s) ends with %i send(s)', async (point, _when, expected) => {
    const { ticketId, phone } = await aPhoneTicket(deps);
    const [object, method] = point.split('.') as ['store' | 'outbox' | 'events', string];
    const crashing = { ...deps, [object]: crashingOnce(deps[object], method) };
    await expect(sendAutomatic(crashing, aNotice(ticketId))).rejects.toBeInstanceOf(Crash);

    await restartAndDrain();
    expect(sendsTo(phone)).toHaveLength(expected);
    expect(await deps.outbox.pending(100)).not.toContain(`${ticketId}#notice`);
    const thread = await t.store.getTicketWithThread(ticketId);
    const outbound = thread?.messages.filter((message) => message.direction === 'outbound') ?? [];
    // A send whose recording died is not on the ticket; the resend is.
    expect(outbound).toHaveLength(point === 'store.addMessage' ? 1 : expected);
    // A second send is recorded as such on the ticket.
    expect((await eventsOf(ticketId)).includes('automatic_message_resent')).toBe(expected === 2);
  });

  it('a crash right after the intent is recorded (before any attempt) is sent by the drain, once', async () => {
    const { ticketId, phone } = await aPhoneTicket(deps);
    const crashing = { ...deps, outbox: crashingOnce(deps.outbox, 'claimAttempt') };
    await expect(sendAutomatic(crashing, aNotice(ticketId))).rejects.toBeInstanceOf(Crash);
    // No lease was taken: the drain at start sends it at once.
    await drainOutbox(deps);
    expect(sendsTo(phone)).toHaveLength(1);
  });

  it('the same cause recorded twice (a retried request) is sent once', async () => {
    const { ticketId, phone } = await aPhoneTicket(deps);
    const intent = aNotice(ticketId, `${ticketId}#case#E1`);
    await Promise.all([sendAutomatic(deps, intent), sendAutomatic(deps, intent), drainOutbox(deps)]);
    await sendAutomatic(deps, intent);
    expect(sendsTo(phone)).toHaveLength(1);
  });
});

/** A support-request application typed into the web form with `phone`; override any field. */
function anApplicationWith(
  phone: string,
  overrides: Partial<SupportRequestSubmission> = {},
): SupportRequestSubmission {
  return {
    name: 'أم فهد',
    nationalId: '1000000008',
    phone,
    branch: 'riyadh',
    householdMembers: 5,
    monthlyIncome: 2000,
    requestType: 'productive_project',
    description: 'دعم مشروع منزلي',
    documents: [],
    ...overrides,
  };
}

describe('the support-request acknowledgement', () => {
  it('is not lost when the intake dies after creating the ticket: the retry (answered "duplicate") sends it', async () => {
    const phone = '+966558870001';
    const crashing = { ...deps, outbox: crashingOnce(deps.outbox, 'record') };
    const origin = { channel: 'webform' as const, idempotencyKey: 'ack-crash-1' };
    await expect(submitSupportRequest(crashing, anApplicationWith(phone), origin)).rejects.toBeInstanceOf(
      Crash,
    );
    expect(sendsTo(phone)).toHaveLength(0);

    const retried = await submitSupportRequest(deps, anApplicationWith(phone), origin);
    expect(retried.outcome).toBe('duplicate');
    const again = await submitSupportRequest(deps, anApplicationWith(phone), origin);
    expect(again.outcome).toBe('duplicate');
    // The acknowledgement, once, and the confirmation code the dead submission never reached, once.
    const acknowledgements = sendsTo(phone).filter((message) =>
      message.text.includes(String(retried.reference)),
    );
    expect(acknowledgements).toHaveLength(1);
    expect(sendsTo(phone)).toHaveLength(2);
  });

  it("is recorded from the ticket's created event and sent by the drain when the intake died and nobody retried", async () => {
    const phone = '+966558870003';
    const crashing = { ...deps, outbox: crashingOnce(deps.outbox, 'record') };
    const origin = { channel: 'webform' as const, idempotencyKey: 'ack-crash-3' };
    await expect(submitSupportRequest(crashing, anApplicationWith(phone), origin)).rejects.toBeInstanceOf(
      Crash,
    );
    const created = t.published.filter((change) => change.kind === 'created').at(-1);
    await recordSupportRequestAcknowledgement(deps, created?.ticketId ?? '');
    await recordSupportRequestAcknowledgement(deps, created?.ticketId ?? '');
    expect(sendsTo(phone)).toHaveLength(0);
    await drainOutbox(deps);
    await drainOutbox(deps);
    expect(sendsTo(phone)).toHaveLength(1);
  });

  it('is sent by the drain when the intake died between recording and sending it', async () => {
    const phone = '+966558870002';
    const crashing = { ...deps, outbox: crashingOnce(deps.outbox, 'claimAttempt') };
    const origin = { channel: 'webform' as const, idempotencyKey: 'ack-crash-2' };
    await expect(submitSupportRequest(crashing, anApplicationWith(phone), origin)).rejects.toBeInstanceOf(
      Crash,
    );
    await drainOutbox(deps);
    expect(sendsTo(phone)).toHaveLength(1);
  });
});

describe('the satisfaction survey', () => {
  it('recorded but not sent before a crash is sent by the drain, with its link working', async () => {
    const { ticketId, phone } = await aPhoneTicket(deps);
    await t.store.updateTicket(ticketId, (current) => ({
      ...current,
      status: 'resolved',
      resolvedAt: t.deps.clock.now().toISOString(),
      updatedAt: t.deps.clock.now().toISOString(),
    }));
    const crashing = { ...deps, outbox: crashingOnce(deps.outbox, 'claimAttempt') };
    await expect(offerSurvey(crashing, ticketId)).rejects.toBeInstanceOf(Crash);
    expect(await deps.surveys.findSurveySentTo('sms', phone, t.deps.clock.now())).toBeUndefined();
    await restartAndDrain();
    const invitations = sendsTo(phone).filter((message) => message.text.includes('/public/surveys/'));
    expect(invitations).toHaveLength(1);
    const survey = await deps.surveys.findSurveySentTo('sms', phone, t.deps.clock.now());
    expect(survey?.ticketId).toBe(ticketId);
    expect(await eventsOf(ticketId)).toContain('survey_sent');
    // The ticket's one survey: offering again (a retried event) sends nothing more.
    expect(await offerSurvey(deps, ticketId)).toBe('already_offered');
    expect(sendsTo(phone).filter((message) => message.text.includes('/public/surveys/'))).toHaveLength(1);
  });
});

describe('the daily budget of automatic texts to unconfirmed numbers', () => {
  it('skips and records texts beyond it, alarms once, and never counts confirmed numbers', async () => {
    t.later(10 * 86_400_000);
    const alarms: string[] = [];
    const budgeted = {
      ...deps,
      unconfirmedTextsPerDay: 2,
      outboxAlerts: { budgetExhausted: (day: string) => alarms.push(day) },
    };
    // A phone typed into the web form is only claimed: each acknowledgement counts.
    const phones = ['+966558890001', '+966558890002', '+966558890003', '+966558890004'];
    const results = [];
    for (const [index, phone] of phones.entries()) {
      results.push(
        await submitSupportRequest(budgeted, anApplicationWith(phone, { description: `طلب ${index}` }), {
          channel: 'webform',
          idempotencyKey: `budget-${index}`,
        }),
      );
    }
    // The phone-confirmation code is outside this budget (per-phone and per-address limits bound it instead).
    const acknowledgements = (phone: string) =>
      sendsTo(phone).filter((message) => !message.text.includes('رمز تأكيد رقم جوالكم'));
    expect(phones.map((phone) => acknowledgements(phone).length)).toEqual([1, 1, 0, 0]);
    expect(alarms).toHaveLength(1);
    const skipped = (await t.store.getTicketWithThread(results[2]?.ticketId ?? ''))?.events.find(
      (event) => event.type === 'automatic_message_skipped',
    );
    expect(skipped?.data).toMatchObject({ kind: 'acknowledgement', reason: 'daily_budget' });

    // A number a provider vouched for (the SMS sender's own) is not budgeted.
    const { ticketId, phone } = await aPhoneTicket(deps);
    await sendAutomatic(budgeted, aNotice(ticketId));
    expect(sendsTo(phone)).toHaveLength(1);
  });

  it('lets one number typed into the forms receive six an hour, beyond which nothing is sent or spent', async () => {
    t.later(10 * 86_400_000);
    const phone = '+966558890010';
    let spentOnOthers = 0;
    const counted = {
      ...deps,
      textBudget: {
        spend: (day: string, max: number) => {
          spentOnOthers += 1;
          return deps.textBudget.spend(day, max);
        },
        spendOnNumber: deps.textBudget.spendOnNumber.bind(deps.textBudget),
      },
    };
    // Someone types one family's number into eight applications: none is refused, the phone is not buried.
    const results = [];
    for (let index = 0; index < 8; index += 1)
      results.push(
        await submitSupportRequest(
          counted,
          anApplicationWith(phone, { name: 'شخص غريب', description: `طلب باسم غيري ${index}` }),
          { channel: 'webform', clientIp: `10.0.0.${index + 1}`, idempotencyKey: `number-hour-${index}` },
        ),
      );
    expect(results.map((result) => result.outcome)).toEqual(Array(8).fill('created'));
    // Acknowledgements and confirmation codes alike: six texts in all, of the sixteen asked for.
    expect(sendsTo(phone)).toHaveLength(6);
    const acknowledgements = sendsTo(phone).filter(
      (message) => !message.text.includes('رمز تأكيد رقم جوالكم'),
    );
    // Only acknowledgements spend the day's budget (the codes are bounded per number), and only those sent.
    expect(spentOnOthers).toBe(acknowledgements.length);
    const skipped = (await t.store.getTicketWithThread(results[7]?.ticketId ?? ''))?.events.find(
      (event) => event.type === 'automatic_message_skipped',
    );
    expect(skipped?.data).toMatchObject({ kind: 'acknowledgement', reason: 'number_limit' });
    // The next hour the number is texted again.
    t.later(3_600_000);
    await submitSupportRequest(
      counted,
      anApplicationWith(phone, { name: 'صاحبة الرقم', nationalId: '1000000016', description: 'طلبي أنا' }),
      { channel: 'webform', idempotencyKey: 'number-hour-owner' },
    );
    expect(sendsTo(phone)).toHaveLength(8);
  });
});
