import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import * as dependencyParts from '../../functions/lib/dependency-parts.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';

const FUNCTIONS: Record<string, { entry: string }> = { ...HTTP_FUNCTIONS, ...EVENT_FUNCTIONS };
const PARTS = Object.entries(dependencyParts).flatMap(([name, part]) =>
  'members' in part ? [{ name, members: Object.keys(part.members) }] : [],
);
/** Where the dependencies are put together rather than used. */
const COMPOSITION = /^functions\/(lib\/dependenc|adapters\/|platform\/)/;

/**
 * The text, comments left out, of our own modules a handler reaches without passing through the composition
 * (which imports every part's code, read or not).
 */
async function codeOf(entry: string): Promise<string> {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const reached = new Set([entry]);
  for (const path of reached) {
    for (const { path: next, external } of metafile.inputs[path]?.imports ?? []) {
      if (!external && !COMPOSITION.test(next)) reached.add(next);
    }
  }
  return [...reached]
    .map((path) => readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))
    .join('\n');
}

/** The parts a function's wiring names: its handler's last line, and the realtime functions' shared view. */
function namedParts(entry: string): string {
  const wiring = /^export const handler = [^;]*;/m.exec(readFileSync(entry, 'utf8'))?.[0] ?? '';
  return wiring.includes('realtimeDependencies')
    ? `${wiring}\n${readFileSync('functions/lib/realtime-dependencies.ts', 'utf8')}`
    : wiring;
}

describe('the dependency parts a deployed function names', () => {
  it.each(
    Object.entries(FUNCTIONS).filter(([, spec]) =>
      /lambdaDependencies|realtimeDependencies/.test(namedParts(spec.entry)),
    ),
  )('%s names every part whose members its code reads, and only those', async (_, spec) => {
    const named = namedParts(spec.entry);
    // The realtime functions reach the dependencies only through their typed view.
    const code = named.includes('realtimeDependencies')
      ? readFileSync('functions/lib/realtime-dependencies.ts', 'utf8')
      : await codeOf(spec.entry);
    for (const part of PARTS) {
      // Read as `x.member`, or taken apart from a set of dependencies (`const { member } = deps`).
      const reads = part.members.some((member) =>
        new RegExp(`\\.${member}\\b|\\{[^}=]*\\b${member}\\b[^}=]*\\}\\s*=\\s*\\w*[dD]eps\\b`).test(code),
      );
      expect(new RegExp(`\\b${part.name}\\b`).test(named), `${part.name} (${part.members})`).toBe(reads);
    }
  });
});
