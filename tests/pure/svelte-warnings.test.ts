import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

const WEB = join(import.meta.dirname, '../../web/src');
const components = readdirSync(WEB, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.svelte'))
  .map((path) => join(WEB, path));

describe('the Svelte pages', () => {
  it('compile without a warning (accessibility, reactivity), as a fresh clone builds them for npm start', () => {
    const warnings = components.flatMap((file) =>
      compile(readFileSync(file, 'utf8'), { filename: file, generate: 'client' }).warnings.map(
        (warning) => `${relative(WEB, file)}:${warning.start?.line}: ${warning.code}`,
      ),
    );
    expect(components.length).toBeGreaterThan(20);
    expect(warnings).toEqual([]);
  });
});
