/**
 * Signed, expiring links that let a beneficiary open one stored file without signing in (a file sent by SMS):
 * the link names the object and its expiry, and only our secret could have signed them.
 */
export interface FileLinks {
  link(objectKey: string, expiresAt: Date): Promise<string>;
  /** The object a link names, `expired` when it was genuine but is past its time, undefined when not ours. */
  verify(token: string, now: Date): Promise<{ objectKey: string } | 'expired' | undefined>;
}
