import { readdir, readFile } from 'node:fs/promises';

/** A child process of the test, as /proc shows it. */
export interface ChildProcessInfo {
  readonly pid: number;
  readonly args: readonly string[];
}

/** Direct children of `pid` (from /proc) whose program is ffmpeg, with their arguments. */
export async function ffmpegChildren(pid: number): Promise<ChildProcessInfo[]> {
  const found: ChildProcessInfo[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // Field 4 (after the parenthesised command, which may hold spaces) is the parent pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== pid) continue;
    const args = (await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
    if (args[0] && /ffmpeg[^/]*$/.test(args[0])) found.push({ pid: Number(name), args });
  }
  return found;
}
