import type { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import type { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import { DEFAULT_CALENDAR, DEFAULT_RULE_SET, DEFAULT_SLA_POLICIES } from '../../shared/sla/defaults.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { DEMO_PASSWORD, DEMO_QUEUES, DEMO_STAFF, demoContacts } from './demo-data.ts';
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
  if (!(await deps.store.markOnce('demo-tickets'))) return 0;
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
  return contacts.length;
}
