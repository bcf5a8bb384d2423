import { readFileSync } from 'node:fs';

/**
 * Whether `pid` is a live Sanad still holding its data folder. A process killed with -9 can linger as a zombie
 * until its parent reaps it, and its pid can be reused by another program: neither holds the folder. Without
 * /proc (macOS), whether the pid exists at all.
 */
export function holdsDataFolder(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let stat: string;
  let commandLine: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return !existsProcFolder();
  }
  // The state follows the command name, which is in parentheses and may itself hold spaces or parentheses.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (state === 'Z' || state === 'X') return false;
  return commandLine.includes('infra/local/start');
}

function existsProcFolder(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}
