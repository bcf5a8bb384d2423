import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutboxEntry } from '../../shared/api/local-outbox.ts';
import type { Channel } from '../../shared/domain/channel.ts';
import type { IdGenerator } from '../../shared/ports/ids.ts';

/**
 * Where `npm start` delivers every outbound mail, SMS and social reply: kept in memory for the inbox and tests,
 * and written as files under the data folder for a person to open.
 */
export class LocalOutbox {
  private readonly entries: OutboxEntry[] = [];

  constructor(
    private readonly ids: IdGenerator,
    private readonly folder?: string,
  ) {}

  async deliver(entry: Omit<OutboxEntry, 'id' | 'at'>): Promise<OutboxEntry> {
    const stored: OutboxEntry = { ...entry, id: this.ids.next(), at: new Date().toISOString() };
    this.entries.push(stored);
    if (this.folder) {
      await mkdir(this.folder, { recursive: true });
      const extension = entry.payloadType === 'message/rfc822' ? 'eml' : 'json';
      await writeFile(join(this.folder, `${stored.id}-${entry.channel}.${extension}`), entry.payload);
    }
    return stored;
  }

  list(channel?: Channel): OutboxEntry[] {
    return channel ? this.entries.filter((entry) => entry.channel === channel) : [...this.entries];
  }
}
