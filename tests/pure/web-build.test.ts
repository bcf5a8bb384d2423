import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../infra/local/runtime.ts';
import { ensureWebBuilt } from '../browser/support.ts';

beforeAll(() => ensureWebBuilt(), 180_000);

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('the published inbox', () => {
  it('carries no source maps, nor links to any', async () => {
    const files = await filesUnder(WEB_ROOT);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const file of files.filter((name) => /\.(js|css|html)$/.test(name))) {
      expect(await readFile(file, 'utf8'), file).not.toMatch(/sourceMappingURL/);
    }
  });
});
