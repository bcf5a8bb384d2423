/** A fixed window: at most `max` hits per `windowSeconds`, counted per key. */
export interface RateLimit {
  /** Names the limit in the stored key, so two limits on the same key count apart. */
  name: string;
  max: number;
  windowSeconds: number;
}
