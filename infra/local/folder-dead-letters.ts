import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeadLetter, DeadLetters } from '../../shared/ports/dead-letters.ts';

/** `npm start`'s dead-letter queue: a list for tests and the console, and one JSON file a letter. */
export class FolderDeadLetters implements DeadLetters {
  readonly letters: DeadLetter[] = [];

  constructor(private readonly folder?: string) {}

  async send(letter: DeadLetter): Promise<void> {
    this.letters.push(letter);
    console.warn(`Dead-lettered from ${letter.source}: ${letter.reason}`);
    if (!this.folder) return;
    await mkdir(this.folder, { recursive: true });
    const name = `${letter.at.replace(/[:.]/g, '-')}-${letter.source}-${this.letters.length}.json`;
    await writeFile(join(this.folder, name), JSON.stringify(letter, null, 2));
  }
}
