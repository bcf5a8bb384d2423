import { existsSync, readFileSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Key = Record<string, AttributeValue>;
export type Image = Record<string, AttributeValue>;

/** One write in the journal: its sequence, time (epoch seconds), key and old image (absent: no item). */
export interface JournalEntry {
  s: number;
  t: number;
  k: Key;
  b?: Image;
}

/**
 * The journal's writes and the highest sequence it says was acknowledged. An empty line, or the torn end of an
 * append a kill cut short (its write never began), is passed over.
 */
export function readJournal(path: string): {
  acknowledged: number;
  entries: { entry: JournalEntry; line: string }[];
} {
  let acknowledged = 0;
  const entries: { entry: JournalEntry; line: string }[] = [];
  for (const line of existsSync(path) ? readFileSync(path, 'utf8').split('\n') : []) {
    let parsed: JournalEntry | { a: number };
    try {
      parsed = JSON.parse(line, readBinary) as JournalEntry | { a: number };
    } catch {
      continue;
    }
    if ('a' in parsed) acknowledged = Math.max(acknowledged, parsed.a);
    else entries.push({ entry: parsed, line: `${line}\n` });
  }
  return { acknowledged, entries };
}

/** Binary attributes as base64 (a Buffer's toJSON would give a list of numbers, a Uint8Array an object). */
export function keepBinary(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Uint8Array ? { $binary: Buffer.from(original).toString('base64') } : value;
}

function readBinary(_key: string, value: unknown): unknown {
  const binary = (value as { $binary?: unknown } | null)?.$binary;
  return typeof binary === 'string' ? new Uint8Array(Buffer.from(binary, 'base64')) : value;
}
