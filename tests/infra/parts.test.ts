import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as dependencyParts from '../../functions/lib/dependency-parts.ts';
import { DEPLOYED_FUNCTIONS, modulesOf, wiringOf } from './deployed-handlers.ts';

const EXPORTS = Object.entries(dependencyParts);
const PARTS = EXPORTS.flatMap(([name, part]) =>
  'members' in part ? [{ name, part, members: Object.keys(part.members) }] : [],
);
/** The named groups of parts (`supportRequestParts`): naming one names each part in it. */
const GROUPS = EXPORTS.flatMap(([name, group]) =>
  'members' in group ? [] : [{ name, parts: group.map((part) => PARTS.find((p) => p.part === part)?.name) }],
);
/** Where the dependencies are put together rather than used. */
const COMPOSITION = /^functions\/(lib\/dependenc|adapters\/|platform\/)/;

/**
 * The text, comments left out, of our own modules a handler reaches without passing through the composition
 * (which imports every part's code, read or not).
 */
async function codeOf(entry: string): Promise<string> {
  const inputs = await modulesOf(entry);
  const reached = new Set([entry]);
  for (const path of reached) {
    for (const { path: next, external } of inputs[path]?.imports ?? []) {
      if (!external && !COMPOSITION.test(next)) reached.add(next);
    }
  }
  return [...reached]
    .map((path) => readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))
    .join('\n');
}

/**
 * The parts a function's wiring names: its handler's last line with the parts of the groups it names, and the
 * realtime functions' shared view.
 */
function namedParts(entry: string): string {
  const wiring = wiringOf(entry);
  const grouped = GROUPS.filter((group) => new RegExp(`\\b${group.name}\\b`).test(wiring)).flatMap(
    (group) => group.parts,
  );
  const named = [wiring, ...grouped].join('\n');
  return wiring.includes('realtimeDependencies')
    ? `${named}\n${readFileSync('functions/lib/realtime-dependencies.ts', 'utf8')}`
    : named;
}

describe('the dependency parts a deployed function names', () => {
  it.each(
    Object.entries(DEPLOYED_FUNCTIONS).filter(([, spec]) =>
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

  it('resolves each group of parts to the parts in it', () => {
    for (const group of GROUPS) expect(group.parts, group.name).not.toContain(undefined);
  });
});
