import type { RateLimit } from '../domain/rate-limit.ts';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts attempts by key (a client IP, a phone) so the public forms cannot be flooded. */
export interface RateLimiter {
  /** Counts one hit for `key` under `limit` at `at`, and says whether it is still within the limit. */
  hit(limit: RateLimit, key: string, at: Date): Promise<RateDecision>;
  /** Takes back a hit counted at `at` (in its window) for a request that turned out to be one already counted. */
  giveBack(limit: RateLimit, key: string, at: Date): Promise<void>;
}
