import * as z from 'zod/mini';
import type { Channel } from '../../../shared/domain/channel.ts';
import type { ProfileDirectory } from '../../../shared/ports/profiles.ts';

const profile = z.object({
  first_name: z.optional(z.string()),
  last_name: z.optional(z.string()),
  name: z.optional(z.string()),
  username: z.optional(z.string()),
});

/** How long a looked-up name is reused, so a busy conversation asks the Graph API once, not per message. */
const CACHE_MS = 6 * 60 * 60 * 1000;
const CACHE_ENTRIES = 5_000;

/** The profile fields each channel's Graph API offers; a channel absent here has no profile to ask. */
const PROFILE_FIELDS: Partial<Record<Channel, string>> = {
  messenger: 'first_name,last_name',
  instagram: 'name,username',
};

/**
 * Names from the Graph user profile API with the page token: Messenger `GET /{psid}?fields=first_name,last_name`,
 * Instagram `GET /{igsid}?fields=name,username`. Any failure answers undefined: a name is nice to have, never a
 * reason to lose the message. Cached for the life of the process (a Lambda container).
 */
export class GraphProfileDirectory implements ProfileDirectory {
  private readonly cache = new Map<string, { name: string | undefined; until: number }>();

  constructor(
    private readonly graphUrl: string,
    private readonly pageAccessToken: () => Promise<string | undefined>,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  async displayName(channel: Channel, userId: string): Promise<string | undefined> {
    const fields = PROFILE_FIELDS[channel];
    if (!fields) return undefined;
    const key = `${channel}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached.name;
    const name = await this.lookUp(fields, userId).catch(() => undefined);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { name, until: this.now() + CACHE_MS });
    return name;
  }

  private async lookUp(fields: string, userId: string): Promise<string | undefined> {
    const token = await this.pageAccessToken();
    if (!token) return undefined;
    const response = await this.fetchImpl(`${this.graphUrl}/${encodeURIComponent(userId)}?fields=${fields}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(3_000),
    });
    if (!response.ok) return undefined;
    const read = profile.safeParse(await response.json());
    if (!read.success) return undefined;
    const { first_name, last_name, name, username } = read.data;
    return [first_name, last_name].filter(Boolean).join(' ') || name || username || undefined;
  }
}
