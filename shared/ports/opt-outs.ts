import type { StoppableChannel } from '../domain/channel.ts';

/**
 * Whether a beneficiary stopped our messages on a channel (texted STOP, blocked the bot), kept per address (a phone,
 * a Telegram chat) so it holds before (and apart from) any contact.
 */
export interface OptOutRecord {
  channel: StoppableChannel;
  address: string;
  optedOut: boolean;
  /** When they did it; a redelivered older one never overrides a newer one. */
  at: string;
  /** What they sent: the word, or the provider's name for the bot's new standing (`kicked`, `member`). */
  word: string;
}

export interface OptOutStore {
  get(channel: StoppableChannel, address: string): Promise<OptOutRecord | undefined>;
  /** Records the latest; false when this one (a redelivery) or a newer one was already recorded. */
  put(record: OptOutRecord): Promise<boolean>;
}

export async function isOptedOut(
  store: OptOutStore,
  channel: StoppableChannel,
  address: string,
): Promise<boolean> {
  return (await store.get(channel, address))?.optedOut === true;
}
