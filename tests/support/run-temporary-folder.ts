import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest's global set-up: the temporary folders tests make (CDK's `cdk.out…` for every synthesized app, data
 * folders, browser profiles) go under one folder of the run's own, removed when the run ends, so repeated runs
 * do not fill the machine's /tmp (CDK alone left ~1.5 MB per synthesized app).
 */
export default function runTemporaryFolder(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'sanad-tests-'));
  // The test processes are forked after this and read TMPDIR (os.tmpdir()) from the environment they inherit.
  process.env.TMPDIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
