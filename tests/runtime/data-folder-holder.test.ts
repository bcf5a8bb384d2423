import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { holdsDataFolder } from '../../infra/local/data-folder-holder.ts';

/** A process whose child has exited and is never reaped: the child stays a zombie while the parent lives. */
async function zombie(): Promise<{ pid: number; stop: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30']);
  const [line] = (await once(parent.stdout, 'data')) as [Buffer];
  await new Promise((resolve) => setTimeout(resolve, 400));
  return { pid: Number(line.toString().trim()), stop: () => parent.kill('SIGKILL') };
}

describe('who holds a data folder', () => {
  it('is a live Sanad, not a zombie left by kill -9 nor a program that got its pid', async () => {
    const sanad = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)', 'infra/local/start.ts']);
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)']);
    const dead = await zombie();
    try {
      expect(holdsDataFolder(sanad.pid as number)).toBe(true);
      expect(holdsDataFolder(other.pid as number)).toBe(false);
      expect(holdsDataFolder(dead.pid)).toBe(false);
      expect(holdsDataFolder(2 ** 22 + 12_345)).toBe(false);
    } finally {
      sanad.kill('SIGKILL');
      other.kill('SIGKILL');
      dead.stop();
    }
  });
});
