import type { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import type { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import type { Principal } from '../../shared/domain/staff.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import { advanceSupportCase } from '../../shared/use-cases/advance-support-case.ts';
import { writeStartingConfiguration } from '../../shared/use-cases/first-run.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { createAnswer } from '../../shared/use-cases/knowledge-base.ts';
import { submitSupportRequest } from '../../shared/use-cases/submit-support-request.ts';
import { DEMO_ANSWERS } from './demo-answers.ts';
import { DEMO_APPLICATIONS, DEMO_PASSWORD, DEMO_STAFF, demoContacts } from './demo-data.ts';
import { hashPassword } from './identity-provider.ts';

/**
 * What a fresh AWS install writes (queues, rules, SLA policies, calendar, each only when absent, so an admin's
 * edits survive a restart), then the demo staff; idempotent.
 */
export async function seedConfiguration(store: TicketRepository, config?: ConfigRepository): Promise<void> {
  await writeStartingConfiguration({ store, config, clock: systemClock });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_STAFF) {
    if (!(await store.getStaffUser(user.id))) await store.putStaffUser(user, passwordHash);
  }
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
    // Beneficiary relations receive and verify (the branch's own for the north); one case shows a referral to a
    // researcher, whose study precedes the committee.
    const relations = demoPrincipal(application.form.branch === 'north' ? 'u-agent2' : 'u-agent');
    if (steps >= 1)
      await advanceSupportCase(day(1), relations, ticketId, 'record_verification', { checklist: complete });
    if (steps >= 2 && index % 2 === 1) {
      await advanceSupportCase(day(1), relations, ticketId, 'refer_to_researcher', {
        reason: 'تحتاج المتقدمة إلى شرح شروط دعم المشاريع المنتجة',
      });
      await advanceSupportCase(day(2), researcher, ticketId, 'record_study', {
        study: {
          method: 'home_visit',
          findings: 'زيارة منزلية: الأسرة مقيمة في منزل مستأجر، والمشروع قائم ويحتاج معدات',
        },
      });
      await advanceSupportCase(day(2), researcher, ticketId, 'send_to_committee', {});
    } else if (steps >= 2) await advanceSupportCase(day(2), relations, ticketId, 'send_to_committee', {});
    if (steps >= 3) {
      await advanceSupportCase(day(5), committee, ticketId, 'decide', {
        outcome: 'approved',
        reason: 'الأسرة مستحقة والمشروع مناسب لمهارات المتقدمة',
        service: 'دعم بقيمة ٥٠٠٠ ريال لشراء معدات المشروع',
      });
    }
    if (steps >= 4) {
      await advanceSupportCase(day(6), relations, ticketId, 'register', {
        household: {
          members: application.form.householdMembers,
          monthlyIncome: application.form.monthlyIncome,
        },
      });
    }
  }
  return DEMO_APPLICATIONS.length;
}
