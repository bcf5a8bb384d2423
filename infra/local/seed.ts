import type { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import { DEFAULT_QUEUE_ID } from '../../shared/domain/queue.ts';
import type { TicketRouter } from '../../shared/domain/routing.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { DEMO_PASSWORD, DEMO_QUEUE_BY_TYPE, DEMO_QUEUES, DEMO_STAFF, demoContacts } from './demo-data.ts';
import { hashPassword } from './identity-provider.ts';

/** Writes the queues and staff every local run needs; idempotent. */
export async function seedConfiguration(store: TicketRepository): Promise<void> {
  for (const queue of DEMO_QUEUES) await store.putQueue(queue);
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
  if (!(await deps.store.markOnce('demo-tickets'))) return 0;
  const router: TicketRouter = {
    async route({ inbound }) {
      const type = inbound.type ?? 'inquiry';
      return {
        queueId: DEMO_QUEUE_BY_TYPE[type] ?? DEFAULT_QUEUE_ID,
        priority: type === 'complaint' ? 'high' : 'normal',
        type,
        tags: [],
      };
    },
  };
  const contacts = demoContacts();
  for (const [index, contact] of contacts.entries()) {
    const at = new Date(Date.now() - contact.hoursAgo * 3_600_000);
    await ingestContact(
      { ...deps, router, clock: { now: () => at } },
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
