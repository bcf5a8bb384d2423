/** The one-time code that opens a request's status page, kept only as a hash. */
export interface StatusCode {
  reference: string;
  /** Hash of reference, phone and code: the code itself is never stored. */
  codeHash: string;
  createdAt: string;
  /** When the code stops working (the table's own expiry attribute lets DynamoDB delete it later). */
  validUntil: string;
  attempts: number;
  usedAt?: string;
}

export type CodeAttempt =
  | { outcome: 'counted'; attempts: number }
  /** Already used, burnt by too many attempts, or replaced meanwhile. */
  | { outcome: 'unavailable' };

export interface StatusCodeStore {
  /** Replaces any earlier code of the reference: only the latest code sent works. */
  put(code: StatusCode): Promise<void>;
  get(reference: string): Promise<StatusCode | undefined>;
  /** Counts a wrong attempt, only while the code is unused and under `maxAttempts`. */
  countWrongAttempt(reference: string, codeHash: string, maxAttempts: number): Promise<CodeAttempt>;
  /** Marks the code used, once: false when it was already used, burnt or replaced. */
  use(reference: string, codeHash: string, maxAttempts: number, at: string): Promise<boolean>;
}
