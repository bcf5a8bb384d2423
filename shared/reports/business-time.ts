/**
 * Elapsed working time between two instants, in milliseconds. The SLA module supplies the society's business
 * calendar (Asia/Riyadh, Sunday–Thursday hours, holidays); reports only need this one function from it.
 */
export type BusinessTime = (from: Date, to: Date) => number;

/** Calendar time: every hour counts. The default until a business calendar is plugged in. */
export const calendarTime: BusinessTime = (from, to) => Math.max(0, to.getTime() - from.getTime());
