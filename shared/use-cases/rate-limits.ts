import { type CountedForms, countedAr } from '../domain/digits.ts';
import { RateLimitedError } from '../domain/errors.ts';
import type { RateLimit } from '../domain/rate-limit.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';

/**
 * Counts the request under every limit that applies, all at once (one round trip, not one per limit), and refuses
 * it, with when to retry, if one is exceeded.
 */
export async function enforceRateLimits(
  limiter: RateLimiter,
  at: Date,
  checks: readonly RateCheck[],
): Promise<void> {
  const decisions = await Promise.all(
    checks.flatMap(([limit, key]) => (key ? [limiter.hit(limit, key, at)] : [])),
  );
  const refused = decisions.filter((decision) => !decision.allowed);
  if (refused.length === 0) return;
  const retryAfterSeconds = Math.max(...refused.map((decision) => decision.retryAfterSeconds));
  const wait = waitWording(retryAfterSeconds);
  throw new RateLimitedError(
    `Too many requests; try again in ${wait.en}`,
    retryAfterSeconds,
    // The plural register of every public page (اطلبوا), not the singular.
    `تجاوزتم عدد المحاولات المسموح بها، حاولوا مرة أخرى بعد ${wait.ar}`,
  );
}

/** A limit and the key it counts (none: not counted). */
export type RateCheck = readonly [RateLimit, string | undefined];

/** A request's limits: counted (refusing it past one) and, should it be a copy of one already counted, given back. */
export interface Admission {
  count(): Promise<void>;
  giveBack(): Promise<void>;
}

export function admission(limiter: RateLimiter, at: Date, checks: readonly RateCheck[]): Admission {
  return {
    count: () => enforceRateLimits(limiter, at, checks),
    giveBack: async () => {
      await Promise.all(checks.flatMap(([limit, key]) => (key ? [limiter.giveBack(limit, key, at)] : [])));
    },
  };
}

const MINUTES: CountedForms = { one: 'دقيقة واحدة', two: 'دقيقتين', few: 'دقائق', other: 'دقيقة' };
const HOURS: CountedForms = { one: 'ساعة واحدة', two: 'ساعتين', few: 'ساعات', other: 'ساعة' };

/**
 * How long to wait, rounded up: in minutes under an hour, in hours from an hour on. Arabic counts by its plural
 * rules: دقيقة واحدة, دقيقتين, ٣–١٠ دقائق, ١١ دقيقة and more, in Arabic-Indic digits as the public pages that show
 * it write every number (and as the server's other Arabic reasons do, shared/domain/field-messages.ts).
 */
export function waitWording(seconds: number): { ar: string; en: string } {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const [count, forms, unit] =
    minutes < 60 ? [minutes, MINUTES, 'minute'] : [Math.ceil(seconds / 3600), HOURS, 'hour'];
  const ar = countedAr(count, forms);
  return { ar, en: `${count} ${unit}${count === 1 ? '' : 's'}` };
}

/**
 * A phone or email typed into a form, as counted from one client address: it is anyone's to type, so forms naming
 * it from elsewhere never lock its holder out (the texts a number receives are bounded per number instead).
 */
export function fromClient(typed: string, clientIp: string | undefined): string {
  return clientIp ? `${typed}@${clientIp}` : typed;
}
