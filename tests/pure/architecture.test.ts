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

function svelteUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return svelteUnder(path);
    return entry.name.endsWith('.svelte') ? [path] : [];
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

  it('points its arrows down only (docs: DESIGN §7): each layer imports nothing from the layers above it', () => {
    const rules: { from: string[]; never: string[]; why: string }[] = [
      {
        from: [
          'shared/domain',
          'shared/routing',
          'shared/sla',
          'shared/workflow',
          'shared/reports',
          'shared/api',
        ],
        never: ['shared/ports/', 'shared/use-cases/'],
        why: 'the domain knows no storage and no use case',
      },
      {
        from: ['shared/ports'],
        never: ['shared/use-cases/'],
        why: 'ports are what use cases need, not the reverse',
      },
      {
        from: ['functions/adapters'],
        never: [
          'shared/use-cases/',
          'functions/lib/',
          'functions/handlers/',
          'functions/platform/',
          'functions/channels/',
        ],
        why: 'adapters implement ports; port types live in shared/ports/',
      },
      {
        from: ['functions/channels'],
        never: ['functions/lib/', 'functions/handlers/', 'functions/platform/'],
        why: 'a channel adapter needs no composition root',
      },
      {
        from: ['functions/lib'],
        never: ['functions/handlers/'],
        why: 'handlers get their dependencies from lib',
      },
    ];
    const broken: string[] = [];
    for (const rule of rules) {
      const files = rule.from.flatMap((folder) => sourcesUnder(folder));
      expect(files.length, rule.from.join()).toBeGreaterThan(0);
      for (const file of files) {
        for (const target of importsOf(file)) {
          const above = rule.never.find((folder) => target.startsWith(folder));
          if (above) broken.push(`${file} → ${target} (${rule.why})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps the web app to itself and shared/: it knows no runtime and no function', () => {
    const files = [...sourcesUnder('web/src'), ...svelteUnder('web/src')];
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      for (const target of importsOf(file)) expect(target, file).not.toMatch(/^(infra|functions)\//);
    }
  });

  it('validates with zod/mini only in what is deployed: classic zod adds ~96 KB to every bundle reaching it', () => {
    for (const file of [...sourcesUnder('functions'), ...shared]) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/from 'zod(\/v4)?(\/classic)?'/);
    }
  });
});
