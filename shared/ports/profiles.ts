import type { Channel } from '../domain/channel.ts';

/** A person's name as their platform gives it (Messenger and Instagram webhooks carry only an id). */
export interface ProfileDirectory {
  displayName(channel: Channel, userId: string): Promise<string | undefined>;
}
