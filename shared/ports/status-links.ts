/**
 * Signed, expiring links to the status page for one reference (`/public/status?r=…&s=…`), put in the messages
 * that name a reference: the page opens with the reference filled in and only our secret could have signed it.
 */
export interface StatusLinks {
  link(reference: string, now: Date): Promise<string>;
  /** Whether `signature` is ours for this reference and still within its time. */
  check(reference: string, signature: string, now: Date): Promise<'valid' | 'expired' | 'invalid'>;
}
