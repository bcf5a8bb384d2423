import { RateLimitedError } from '../domain/errors.ts';
import type { RateLimit, RateLimiter } from '../ports/rate-limiter.ts';

/**
 * Counts the request under every limit that applies, all at once (one round trip, not one per limit), and refuses
 * it, with when to retry, if one is exceeded.
 */
export async function enforceRateLimits(
  limiter: RateLimiter,
  at: Date,
  checks: readonly (readonly [RateLimit, string | undefined])[],
): Promise<void> {
  const decisions = await Promise.all(
    checks.flatMap(([limit, key]) => (key ? [limiter.hit(limit, key, at)] : [])),
  );
  const refused = decisions.filter((decision) => !decision.allowed);
  if (refused.length === 0) return;
  const retryAfterSeconds = Math.max(...refused.map((decision) => decision.retryAfterSeconds));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  throw new RateLimitedError(
    `Too many requests; try again in ${minutes} minute(s)`,
    retryAfterSeconds,
    `تجاوزت عدد المحاولات المسموح بها، حاول مرة أخرى بعد ${minutes} دقيقة`,
  );
}
