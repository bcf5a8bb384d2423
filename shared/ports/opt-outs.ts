/** Whether a beneficiary asked not to be texted, kept per phone so it holds before (and apart from) any contact. */
export interface OptOutRecord {
  channel: 'sms';
  address: string;
  optedOut: boolean;
  /** When the beneficiary sent the word; a redelivered older word never overrides a newer one. */
  at: string;
  /** The word as they sent it. */
  word: string;
}

export interface OptOutStore {
  get(channel: 'sms', address: string): Promise<OptOutRecord | undefined>;
  /** Records the latest word; false when this word (a redelivery) or a newer one was already recorded. */
  put(record: OptOutRecord): Promise<boolean>;
}

export async function isOptedOut(store: OptOutStore, channel: 'sms', address: string): Promise<boolean> {
  return (await store.get(channel, address))?.optedOut === true;
}
