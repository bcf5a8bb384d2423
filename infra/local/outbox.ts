import { readFileSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OutboxEntry } from '../../shared/api/local-outbox.ts';
import type { Channel } from '../../shared/domain/channel.ts';
import type { IdGenerator } from '../../shared/ports/ids.ts';

/** The list of what was sent, beside the files: the inbox's outbox page lists it after a restart too. */
const LISTED = 'sent.jsonl';

/**
 * Where `npm start` delivers every outbound mail, SMS and social reply: kept in memory for the inbox and tests,
 * and written as files under the data folder for a person to open, with a list that a restart reads back.
 */
export class LocalOutbox {
  private readonly entries: OutboxEntry[];

  constructor(
    private readonly ids: IdGenerator,
    private readonly folder?: string,
  ) {
    this.entries = folder ? listedIn(folder) : [];
  }

  async deliver(entry: Omit<OutboxEntry, 'id' | 'at'>): Promise<OutboxEntry> {
    const stored: OutboxEntry = { ...entry, id: this.ids.next(), at: new Date().toISOString() };
    this.entries.push(stored);
    if (this.folder) {
      await mkdir(this.folder, { recursive: true });
      const extension = entry.payloadType === 'message/rfc822' ? 'eml' : 'json';
      const file = `${stored.id}-${entry.channel}.${extension}`;
      await writeFile(join(this.folder, file), entry.payload);
      // The payload is in its file already: the list names the file.
      const { payload: _inFile, ...listed } = stored;
      await appendFile(join(this.folder, LISTED), `${JSON.stringify({ ...listed, file })}\n`);
    }
    return stored;
  }

  list(channel?: Channel): OutboxEntry[] {
    return channel ? this.entries.filter((entry) => entry.channel === channel) : [...this.entries];
  }
}

/** What an earlier run sent, each with its file's payload; a line a crash cut short, or its file, is left out. */
function listedIn(folder: string): OutboxEntry[] {
  let text: string;
  try {
    text = readFileSync(join(folder, LISTED), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    try {
      const { file, ...entry } = JSON.parse(line) as Omit<OutboxEntry, 'payload'> & { file: string };
      return [{ ...entry, payload: readFileSync(join(folder, basename(file)), 'utf8') }];
    } catch {
      return [];
    }
  });
}
