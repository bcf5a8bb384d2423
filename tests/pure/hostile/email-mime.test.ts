import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEmail, UnprocessableEmailError } from '../../../functions/channels/email/parse.ts';
import { FolderObjectStore } from '../../../infra/local/folder-object-store.ts';

/** Structure-aware mutation count; HOSTILE_MIME_RUNS raises it. */
const RUNS = Number(process.env.HOSTILE_MIME_RUNS ?? 10_000);
const folder = join(import.meta.dirname, '../../fixtures/email');
const seeds = readdirSync(folder)
  .filter((name) => name.endsWith('.eml'))
  .map((name) => readFileSync(join(folder, name), 'latin1'));

const headerNames = [
  'Content-Type',
  'Content-Transfer-Encoding',
  'From',
  'Subject',
  'MIME-Version',
  'In-Reply-To',
  'References',
  'Auto-Submitted',
];
const hostileValues = [
  'multipart/mixed; boundary=',
  'multipart/alternative; boundary="x"',
  'text/plain; charset=x-unknown-8bit',
  'base64',
  'quoted-printable',
  '=?UTF-8?B?@@@?=',
  '=?windows-1256?Q?=E3=D1=CD=C8=C7?=',
  '<>',
  '"\u0000" <@>',
  'a'.repeat(5000),
];

/** One mutation that keeps the message MIME-shaped: headers swapped, boundaries broken, bodies cut or duplicated. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.constantFrom(...headerNames),
    value: fc.constantFrom(...hostileValues),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('boundary' as const),
    text: fc.constantFrom('--', '--x--', '\r\n--\r\n', '--==BOUNDARY==\r\n'),
  }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.string({ maxLength: 40, unit: 'binary' }),
  }),
  fc.record({ kind: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 20 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(message: string, change: Mutation): string {
  const split = message.indexOf('\r\n\r\n') >= 0 ? message.indexOf('\r\n\r\n') : message.indexOf('\n\n');
  const position = (share: number) => Math.floor(share * message.length);
  switch (change.kind) {
    case 'header':
      return `${change.name}: ${change.value}\r\n${message}`;
    case 'truncate':
      return message.slice(0, position(change.at));
    case 'boundary':
      return split > 0
        ? `${message.slice(0, split + 2)}${change.text}${message.slice(split + 2)}`
        : `${change.text}${message}`;
    case 'bytes':
      return `${message.slice(0, position(change.at))}${change.bytes}${message.slice(position(change.at))}`;
    case 'repeat':
      return message.slice(Math.max(split, 0)).repeat(change.times);
  }
}

describe('email parsing under mutated MIME', () => {
  it(`parses ${RUNS} mutated messages without a crash or a hang: a contact, or a clear refusal`, async () => {
    const objects = new FolderObjectStore();
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (seed, changes) => {
          const raw = changes.reduce((message, change) => mutate(message, change), seed);
          try {
            const parsed = await parseEmail(
              { raw: Buffer.from(raw, 'latin1'), receivedAt: new Date(), rawRef: 'fuzz' },
              objects,
            );
            expect(parsed.inbound.channel).toBe('email');
            expect(parsed.inbound.identities.length).toBeGreaterThan(0);
          } catch (error) {
            // The only acceptable failure is the parser's own refusal, which the handler dead-letters.
            expect(error).toBeInstanceOf(UnprocessableEmailError);
            refused += 1;
          }
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: 120_000 },
    );
    expect(refused).toBeLessThan(RUNS);
  }, 180_000);
});
