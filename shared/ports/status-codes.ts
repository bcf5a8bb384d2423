/** The one-time code that opens a request's status page, kept only as a hash. */
export interface StatusCode {
  reference: string;
  /** Hash of reference, phone and code: the code itself is never stored. */
  codeHash: string;
  createdAt: string;
  /** When the code stops working (the table's own expiry attribute lets DynamoDB delete it later). */
  validUntil: string;
  /** Wrong attempts that named the phone the code was sent to. */
  attempts: number;
  /**
   * Wrong attempts that named no phone, counted apart: whoever knows only the reference can use these up, and the
   * phone's holder keeps their own. Absent on codes kept before it was counted.
   */
  unnamedAttempts?: number;
  /** Hash of the key and the phone the code was sent to: an attempt naming another phone is no attempt at it. */
  phoneHash?: string;
  usedAt?: string;
}

/** A phone's attempts where no code was sent to it, running down as a real code's would. */
export interface CodeElsewhere {
  attempts: number;
  validUntil: string;
}

/** Which count an attempt goes to: one naming the code's phone, or one naming none. */
export type AttemptBudget = 'attempts' | 'unnamedAttempts';

export type CodeAttempt =
  | { outcome: 'counted'; attempts: number }
  /** Already used, burnt by too many attempts, or replaced meanwhile. */
  | { outcome: 'unavailable' };

export interface StatusCodeStore {
  /**
   * Replaces any earlier code of the reference: only the latest code sent works. With `first`, only when the
   * reference has none yet: false then, and nothing is written.
   */
  put(code: StatusCode, options?: { first?: boolean }): Promise<boolean>;
  get(reference: string): Promise<StatusCode | undefined>;
  /** Counts a wrong attempt in `budget`, only while the code is unused and that count is under `maxAttempts`. */
  countWrongAttempt(
    reference: string,
    codeHash: string,
    maxAttempts: number,
    budget: AttemptBudget,
  ): Promise<CodeAttempt>;
  /**
   * What stands, for a phone the reference's code was not sent to, in place of a code: asked for with that phone
   * (nothing is sent), or tried with it against the real code. Absent when neither happened.
   */
  getElsewhere(reference: string, phoneHash: string): Promise<CodeElsewhere | undefined>;
  /** A code asked for with a phone the request was not made from: sent nowhere, but answered as one would be. */
  putElsewhere(reference: string, phoneHash: string, validUntil: string): Promise<void>;
  /** Counts a wrong attempt for that phone while under `maxAttempts` (started valid until `validUntil`). */
  countAttemptElsewhere(
    reference: string,
    phoneHash: string,
    validUntil: string,
    maxAttempts: number,
  ): Promise<CodeAttempt>;
  /** Marks the code used, once: false when it was already used, replaced, or `budget` is spent. */
  use(
    reference: string,
    codeHash: string,
    maxAttempts: number,
    at: string,
    budget: AttemptBudget,
  ): Promise<boolean>;
}
