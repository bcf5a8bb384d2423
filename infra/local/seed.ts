import type { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import type { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import type { Principal } from '../../shared/domain/staff.ts';
import { DEFAULT_CALENDAR, DEFAULT_RULE_SET, DEFAULT_SLA_POLICIES } from '../../shared/sla/defaults.ts';
import { advanceSupportCase } from '../../shared/use-cases/advance-support-case.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { createAnswer } from '../../shared/use-cases/knowledge-base.ts';
import { submitSupportRequest } from '../../shared/use-cases/submit-support-request.ts';
import { DEMO_ANSWERS } from './demo-answers.ts';
import { DEMO_APPLICATIONS, DEMO_PASSWORD, DEMO_QUEUES, DEMO_STAFF, demoContacts } from './demo-data.ts';
import { hashPassword } from './identity-provider.ts';

/** Writes the queues and staff every local run needs, and the starting rules, SLA policies and calendar; idempotent. */
export async function seedConfiguration(store: TicketRepository, config?: ConfigRepository): Promise<void> {
  for (const queue of DEMO_QUEUES) await store.putQueue(queue);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_STAFF) {
    if (!(await store.getStaffUser(user.id))) await store.putStaffUser(user, passwordHash);
  }
  if (!config) return;
  if (!(await config.getRuleSet())) {
    await config.saveRuleSet(
      DEFAULT_RULE_SET.rules,
      DEFAULT_RULE_SET.defaultQueueId,
      'seed',
      0,
      new Date().toISOString(),
    );
  }
  if ((await config.listSlaPolicies()).length === 0) {
    for (const [order, policy] of DEFAULT_SLA_POLICIES.entries())
      await config.putSlaPolicy({ ...policy, order });
  }
  if (!(await config.getCalendar())) await config.putCalendar(DEFAULT_CALENDAR);
}

/**
 * Demo tickets in Arabic, written through the real ingest use case so they look exactly like live contacts.
 * Runs once per data folder.
 */
export async function seedDemoTickets(deps: AppDependencies): Promise<number> {
  if (!(await deps.store.markOnce('demo-tickets', deps.clock.now()))) return 0;
  const contacts = demoContacts();
  for (const [index, contact] of contacts.entries()) {
    const at = new Date(Date.now() - contact.hoursAgo * 3_600_000);
    await ingestContact(
      { ...deps, clock: { now: () => at } },
      {
        channel: contact.channel,
        providerMessageId: `demo-${index}`,
        identities: [contact.identity],
        displayName: contact.name,
        subject: contact.subject,
        text: contact.text,
        attachments: [],
        language: 'ar',
        receivedAt: at.toISOString(),
        type: contact.type,
      },
    );
  }
  for (const answer of DEMO_ANSWERS) await createAnswer(deps, demoPrincipal('u-supervisor'), answer);
  const cases = await seedDemoCases(deps);
  return contacts.length + cases;
}

/** A staff member as the demo's steps are taken by them. */
function demoPrincipal(userId: string): Principal {
  const user = DEMO_STAFF.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`No demo staff member ${userId}`);
  return { userId: user.id, email: user.email, name: user.name, roles: user.roles, queueIds: user.queueIds };
}

/**
 * Support requests from the public form at different steps of the procedure, each step taken through the real use
 * case on its day, so the case panel, the committee's due date and the applicant's messages are all there.
 */
async function seedDemoCases(deps: AppDependencies): Promise<number> {
  const at = (daysAgo: number) => {
    const instant = new Date(Date.now() - daysAgo * 86_400_000);
    return { ...deps, clock: { now: () => instant } };
  };
  const researcher = demoPrincipal('u-researcher');
  const committee = demoPrincipal('u-committee');
  const agent = demoPrincipal('u-agent');
  const complete = { identityMatches: true, documentsPresent: true, dataConsistent: true };
  for (const [index, application] of DEMO_APPLICATIONS.entries()) {
    const received = await submitSupportRequest(
      at(application.daysAgo),
      { ...application.form, documents: [] },
      { channel: 'webform', idempotencyKey: `demo-application-${index}` },
    );
    const ticketId = received.ticketId;
    const steps = application.steps;
    const day = (offset: number) => at(application.daysAgo - offset);
    if (steps >= 1)
      await advanceSupportCase(day(1), researcher, ticketId, 'record_verification', { checklist: complete });
    if (steps >= 2) await advanceSupportCase(day(2), researcher, ticketId, 'send_to_committee', {});
    if (steps >= 3) {
      await advanceSupportCase(day(5), committee, ticketId, 'decide', {
        outcome: 'approved',
        reason: 'الأسرة مستحقة والمشروع مناسب لمهارات المتقدمة',
        service: 'دعم بقيمة ٥٠٠٠ ريال لشراء معدات المشروع',
      });
    }
    if (steps >= 4) {
      await advanceSupportCase(day(6), agent, ticketId, 'register', {
        household: {
          members: application.form.householdMembers,
          monthlyIncome: application.form.monthlyIncome,
        },
      });
    }
  }
  return DEMO_APPLICATIONS.length;
}
