/**
 * A registered beneficiary's service is given as deliveries: one, or one a month for a number of months. Each is
 * marked delivered with the name of what was handed over (e.g. "سلة غذائية") and announced to the beneficiary.
 */
export interface Delivery {
  id: string;
  /** The day it is due (YYYY-MM-DD, Riyadh). */
  dueOn: string;
  /** What is planned to be handed over. */
  item: string;
  delivered?: { item: string; by: string; at: string };
}

export const DELIVERY_KINDS = ['one_off', 'monthly'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export interface DeliveryPlan {
  kind: DeliveryKind;
  /** How many monthly deliveries; a one-off is one. */
  months?: number;
  firstOn: string;
  item: string;
}

export const MAX_DELIVERY_MONTHS = 24;

/** The day `months` after `day` (YYYY-MM-DD), kept inside short months: 31 January + 1 month is 28/29 February. */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The deliveries a plan makes: one, or one a month from the first day. */
export function deliverySchedule(plan: DeliveryPlan, nextId: () => string): Delivery[] {
  const count = plan.kind === 'one_off' ? 1 : (plan.months ?? 1);
  return Array.from({ length: count }, (_, index) => ({
    id: nextId(),
    dueOn: addMonths(plan.firstOn, index),
    item: plan.item,
  }));
}

/** When the first delivery was handed over: the satisfaction survey follows it, never comes before it. */
export function firstDeliveredAt(deliveries: readonly Delivery[] | undefined): string | undefined {
  return deliveries
    ?.flatMap((delivery) => (delivery.delivered ? [delivery.delivered.at] : []))
    .toSorted()
    .at(0);
}
