import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a module, resolved to repository paths (type-only imports included: a cycle is a cycle). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map((match) =>
    normalize(join(dirname(file), match[1] ?? '')),
  );
}

function cyclesIn(files: string[]): string[][] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string) => {
    const at = path.indexOf(file);
    if (at >= 0) {
      cycles.push([...path.slice(at), file]);
      return;
    }
    if (done.has(file)) return;
    path.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    path.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return cycles;
}

describe('the house plan', () => {
  const shared = sourcesUnder('shared');

  it('has no import cycle in shared/, type-only imports included', () => {
    expect(shared.length).toBeGreaterThan(50);
    expect(cyclesIn(shared)).toEqual([]);
  });

  it('keeps shared/ free of AWS, the functions, the runtimes and the web app', () => {
    for (const file of shared) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from '@aws-sdk\/|from '(\.\.\/)+(functions|infra|web)\//);
    }
  });

  it('has handlers that construct no client or repository and read no environment', () => {
    const handlers = sourcesUnder('functions/handlers');
    expect(handlers.length).toBeGreaterThan(20);
    for (const file of handlers) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(
        /process\.env|new \w+(Client|Repository|Store|Sender|Publisher|Notifier)\(/,
      );
      expect(text, file).not.toMatch(/^import (?!type )[^;]*from '@aws-sdk\/client-/m);
    }
  });

  it('validates with zod/mini only in what is deployed: classic zod adds ~96 KB to every bundle reaching it', () => {
    for (const file of [...sourcesUnder('functions'), ...shared]) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/from 'zod(\/v4)?(\/classic)?'/);
    }
  });
});
