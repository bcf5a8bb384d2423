import { RateLimitedError } from '../domain/errors.ts';
import type { RateLimit, RateLimiter } from '../ports/rate-limiter.ts';

/** Counts the request under every limit that applies and refuses it, with when to retry, if one is exceeded. */
export async function enforceRateLimits(
  limiter: RateLimiter,
  at: Date,
  checks: readonly (readonly [RateLimit, string | undefined])[],
): Promise<void> {
  for (const [limit, key] of checks) {
    if (!key) continue;
    const decision = await limiter.hit(limit, key, at);
    if (!decision.allowed) {
      const minutes = Math.ceil(decision.retryAfterSeconds / 60);
      throw new RateLimitedError(
        `Too many requests; try again in ${minutes} minute(s)`,
        decision.retryAfterSeconds,
        `تجاوزت عدد المحاولات المسموح بها، حاول مرة أخرى بعد ${minutes} دقيقة`,
      );
    }
  }
}
