import { type Delivery, type DeliveryPlan, deliverySchedule } from '../domain/delivery.ts';
import { countedAr, DELIVERIES } from '../domain/digits.ts';
import { hijriWithGregorian } from '../domain/hijri-date.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import { advanceSupportCase, type CaseDeps } from './advance-support-case.ts';
import { deliverAutomatic } from './automatic-messages.ts';
import { changeFieldWork, fieldWorkCase, finishEntry, recordCaseNotice, undoneEntry } from './field-work.ts';
import { ticketEvent } from './ticket-events.ts';

/** A case's own deps: its last delivery takes the case's service step. */
export type DeliveryDeps = CaseDeps;

/** Plans a one-off delivery or one a month for N months on a registered beneficiary's case. */
export async function planDeliveries(
  deps: DeliveryDeps,
  principal: Principal,
  ticketId: string,
  plan: DeliveryPlan,
): Promise<Ticket> {
  const { supportCase } = await fieldWorkCase(deps, principal, ticketId, 'deliveries');
  const now = deps.clock.now();
  const at = now.toISOString();
  const planned = deliverySchedule(plan, () => deps.ids.next(now));
  const updated = await changeFieldWork(deps, ticketId, supportCase, 'deliveries', at, (deliveries) =>
    [...deliveries, ...planned].toSorted((a, b) => a.dueOn.localeCompare(b.dueOn)),
  );
  const data = {
    kind: plan.kind,
    count: planned.length,
    item: plan.item,
    firstOn: planned[0]?.dueOn ?? plan.firstOn,
  };
  await deps.store.addEvents([
    ticketEvent(deps.ids, ticketId, 'deliveries_planned', at, data, principal.userId),
  ]);
  await deps.events.publish(changeOf('updated', updated, at));
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
  const { ticket, supportCase } = await fieldWorkCase(deps, principal, ticketId, 'deliveries');
  undoneEntry(supportCase, 'deliveries', deliveryId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const delivered: Delivery['delivered'] = { item, by: principal.userId, at };
  const updated = await finishEntry(deps, ticketId, supportCase, 'deliveries', deliveryId, at, { delivered });
  const remaining = (updated.supportCase?.deliveries ?? []).filter((delivery) => !delivery.delivered);
  const data = { deliveryId, item, remaining: remaining.length };
  await deps.store.addEvents([ticketEvent(deps.ids, ticketId, 'delivery_made', at, data, principal.userId)]);
  // The last one completes the service: the case's own step says so (its notice names what was given, and it
  // puts the follow-up on the agenda), so it takes no delivery notice of its own.
  if (remaining.length === 0)
    return advanceSupportCase(deps, principal, ticketId, 'deliver_service', { service: item });
  const noticeId = `${ticketId}#delivery#${deliveryId}`;
  await recordCaseNotice(deps, { id: noticeId, ticketId, at }, 'delivery_made', {
    reference: ticket.reference,
    item,
    // Counted as Arabic counts (دفعة واحدة، دفعتان، ٣ دفعات), in the digits the date beside it is written in.
    remaining: countedAr(remaining.length, DELIVERIES),
    nextOn: hijriWithGregorian(remaining[0]?.dueOn ?? at),
  });
  await deliverAutomatic(deps, noticeId);
  await deps.events.publish(changeOf('updated', updated, at));
  return updated;
}
