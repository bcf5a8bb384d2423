import * as z from 'zod/mini';

/**
 * A provider's message id: present (an empty one would make every such message a duplicate of the first) and
 * short enough to key an item (DynamoDB keys hold at most 2 KB; real ids are under 200 characters).
 */
export const providerId = z.string().check(z.minLength(1), z.maxLength(512));

/** A message's text as providers allow it (4,096 characters at most on WhatsApp and Telegram), with room to spare. */
export const providerText = z.string().check(z.maxLength(10_000));

/** Milliseconds since 1970 that a Date can hold: anything else is not a time. */
const isTime = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;

/** A time a provider stamped in whole seconds since 1970. */
export const epochSeconds = z.number().check(
  z.int(),
  z.refine((seconds) => isTime(seconds * 1000), 'Not a time'),
);

/** A time a provider stamped in milliseconds since 1970. */
export const epochMillis = z.number().check(z.refine(isTime, 'Not a time'));

/** Whole seconds since 1970 written as digits (WhatsApp). */
export const epochSecondsText = z.string().check(z.regex(/^\d{1,12}$/));
