import { authorize } from '../domain/access-policy.ts';
import { type Delivery, type DeliveryPlan, deliverySchedule } from '../domain/delivery.ts';
import { toArabicIndicDigits } from '../domain/digits.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { hijriWithGregorian } from '../domain/hijri-date.ts';
import { renderTemplate } from '../domain/message-templates.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../ports/events.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import { CASE_TRANSITIONS, type SupportCase } from '../workflow/support-request.ts';
import { advanceSupportCase, type CaseDeps } from './advance-support-case.ts';
import { deliverAutomatic } from './automatic-messages.ts';

/** A case's own deps: its last delivery takes the case's service step. */
export type DeliveryDeps = CaseDeps;

/** A registered beneficiary's case, for those who deliver services (as for the service step itself). */
async function registeredCase(
  deps: DeliveryDeps,
  principal: Principal,
  ticketId: string,
): Promise<{ ticket: Ticket; supportCase: SupportCase }> {
  const ticket = await deps.store.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('Ticket');
  authorize(principal, 'write', [ticket.queueId]);
  if (!hasRole(principal, ...CASE_TRANSITIONS.deliver_service.roles))
    throw new ForbiddenError('Your role may not record deliveries');
  if (
    ticket.type !== 'support_request' ||
    ticket.supportCase?.step !== 'registered' ||
    ticket.status === 'closed'
  )
    throw new ConflictError('Deliveries are for a registered beneficiary’s open case');
  return { ticket, supportCase: ticket.supportCase };
}

/** Plans a one-off delivery or one a month for N months on a registered beneficiary's case. */
export async function planDeliveries(
  deps: DeliveryDeps,
  principal: Principal,
  ticketId: string,
  plan: DeliveryPlan,
): Promise<Ticket> {
  const { supportCase } = await registeredCase(deps, principal, ticketId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const planned = deliverySchedule(plan, () => deps.ids.next(now));
  const updated = await deps.store.updateTicket(ticketId, (latest) => {
    const deliveries = [...(latest.supportCase?.deliveries ?? []), ...planned];
    return {
      ...latest,
      supportCase: {
        ...(latest.supportCase ?? supportCase),
        deliveries: deliveries.toSorted((a, b) => a.dueOn.localeCompare(b.dueOn)),
      },
      updatedAt: at,
    };
  });
  await deps.store.addEvents([
    deliveryEvent(deps, principal, ticketId, 'deliveries_planned', at, {
      kind: plan.kind,
      count: planned.length,
      item: plan.item,
      firstOn: planned[0]?.dueOn ?? plan.firstOn,
    }),
  ]);
  await publishChange(deps, updated, at);
  return updated;
}

/**
 * Marks one delivery handed over, with the name of what was given, and tells the beneficiary (written to the
 * outbox with the change). The first one makes the case due for its satisfaction survey (the survey sender,
 * on the published change, sends it); the last one (or the one-off) takes the case to "service delivered".
 */
export async function recordDelivery(
  deps: DeliveryDeps,
  principal: Principal,
  ticketId: string,
  deliveryId: string,
  item: string,
): Promise<Ticket> {
  const { ticket, supportCase } = await registeredCase(deps, principal, ticketId);
  const planned = supportCase.deliveries?.find((delivery) => delivery.id === deliveryId);
  if (!planned) throw new NotFoundError('Delivery');
  if (planned.delivered) throw new ConflictError('This delivery was already recorded');
  const now = deps.clock.now();
  const at = now.toISOString();
  const delivered: Delivery['delivered'] = { item, by: principal.userId, at };
  const updated = await deps.store.updateTicket(ticketId, (latest) => {
    const current = latest.supportCase ?? supportCase;
    const deliveries = current.deliveries ?? [];
    if (deliveries.find((delivery) => delivery.id === deliveryId)?.delivered)
      throw new ConflictError('This delivery was already recorded');
    return {
      ...latest,
      supportCase: {
        ...current,
        deliveries: deliveries.map((delivery) =>
          delivery.id === deliveryId ? { ...delivery, delivered } : delivery,
        ),
      },
      updatedAt: at,
    };
  });
  const remaining = (updated.supportCase?.deliveries ?? []).filter((delivery) => !delivery.delivered);
  await deps.store.addEvents([
    deliveryEvent(deps, principal, ticketId, 'delivery_made', at, {
      deliveryId,
      item,
      remaining: remaining.length,
    }),
  ]);
  // The last one completes the service: the case's own step says so (its notice names what was given, and it
  // puts the follow-up on the agenda), so it takes no delivery notice of its own.
  if (remaining.length === 0)
    return advanceSupportCase(deps, principal, ticketId, 'deliver_service', { service: item });
  const noticeId = `${ticketId}#delivery#${deliveryId}`;
  await deps.outbox.record({
    id: noticeId,
    ticketId,
    kind: 'case_notice',
    text: renderTemplate((await deps.templates.load()).delivery_made, {
      reference: ticket.reference,
      item,
      // In the Arabic-Indic digits the date beside it is written in.
      remaining: toArabicIndicDigits(String(remaining.length)),
      nextOn: hijriWithGregorian(remaining[0]?.dueOn ?? at),
    }),
    createdAt: at,
  });
  await deliverAutomatic(deps, noticeId);
  await publishChange(deps, updated, at);
  return updated;
}

function deliveryEvent(
  deps: DeliveryDeps,
  principal: Principal,
  ticketId: string,
  type: 'deliveries_planned' | 'delivery_made',
  at: string,
  data: Record<string, string | number>,
): TicketEventRecord {
  return { id: deps.ids.next(), ticketId, type, at, actorId: principal.userId, data };
}

async function publishChange(deps: DeliveryDeps, ticket: Ticket, at: string): Promise<void> {
  await deps.events.publish(changeOf('updated', ticket, at));
}
