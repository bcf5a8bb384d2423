import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ObjectStore, StoredObject } from '../../shared/ports/object-store.ts';

/** Objects as files under the data folder (or in memory without one), the content type in a side file. */
export class FolderObjectStore implements ObjectStore {
  private readonly memory = new Map<string, { body: Uint8Array; contentType: string }>();

  constructor(private readonly folder?: string) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<StoredObject> {
    if (!this.folder) {
      this.memory.set(key, { body, contentType });
    } else {
      const file = this.pathOf(key);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, body);
      await writeFile(`${file}.content-type`, contentType);
    }
    return { key, contentType, size: body.byteLength };
  }

  async get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined> {
    if (!this.folder) return this.memory.get(key);
    const file = this.pathOf(key);
    try {
      const [body, contentType] = await Promise.all([
        readFile(file),
        readFile(`${file}.content-type`, 'utf8'),
      ]);
      return { body, contentType };
    } catch {
      return undefined;
    }
  }

  private pathOf(key: string): string {
    // S3 keeps a key as written; a folder would resolve `..` and `.`, and reach another key's file or outside.
    if (key.split('/').some((part) => part === '' || part === '.' || part === '..'))
      throw new Error(`Not a key this store can hold as written: ${key}`);
    const root = resolve(this.folder as string);
    const file = resolve(root, key);
    if (!file.startsWith(`${root}/`)) throw new Error(`Object key outside the store: ${key}`);
    return join(file);
  }
}
