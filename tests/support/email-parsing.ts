import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEmail } from '../../functions/channels/email/parse.ts';
import { FolderObjectStore } from '../../infra/local/folder-object-store.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/email');

/** The bytes of a mail in tests/fixtures/email. */
export const fixture = (name: string) => readFileSync(join(FIXTURES, name));

export const receivedAt = new Date('2026-11-23T08:00:00Z');

/** The mail parsed as the intake parses it, its files kept in `objects`. */
export async function parse(raw: Buffer, objects = new FolderObjectStore()) {
  return parseEmail({ raw, receivedAt, rawRef: 'inbound/test.eml' }, objects);
}
