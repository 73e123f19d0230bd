/**
 * CPU of a process tree from /proc, for `npm run bench:detect`.
 *
 * A tree's CPU over a window is the change of the sum, over every live
 * process of the tree, of utime + stime + cutime + cstime (fields 14-17 of
 * /proc/<pid>/stat, in clock ticks). A child that exits during the window
 * and is reaped moves its whole time into its parent's cutime/cstime; since
 * at the window's start it was counted in its own entry, the difference is
 * still exactly the CPU spent inside the window. Children that were never
 * reaped (zombies) keep their times in their own entry until reaped.
 */
import { readFile, readdir } from 'node:fs/promises';

/** Linux USER_HZ: /proc stat times are in 1/100 s. */
export const CLK_TCK = 100;

export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime of the process itself (ticks). */
  readonly selfTicks: number;
  /** cutime + cstime: reaped children (ticks). */
  readonly childTicks: number;
  readonly rssKb: number;
  /** argv joined with spaces ('' for kernel threads or a vanished process). */
  readonly cmdline: string;
}

async function procInfo(pid: number): Promise<ProcInfo | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): field n is f[n - 3].
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim();
    return {
      pid,
      ppid: Number(f[1]),
      selfTicks: Number(f[11]) + Number(f[12]),
      childTicks: Number(f[13]) + Number(f[14]),
      rssKb: Number(f[21]) * 4, // rss in pages of 4 KiB
      cmdline,
    };
  } catch {
    return undefined; // gone between readdir and read
  }
}

/** Every live process under (and including) `root`. */
export async function processTree(root: number): Promise<ProcInfo[]> {
  const all: ProcInfo[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = await procInfo(Number(name));
    if (info) all.push(info);
  }
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const rootInfo = all.find((p) => p.pid === root);
  if (!rootInfo) return [];
  const tree: ProcInfo[] = [];
  const stack = [rootInfo];
  while (stack.length > 0) {
    const p = stack.pop()!;
    tree.push(p);
    stack.push(...(byParent.get(p.pid) ?? []));
  }
  return tree;
}

/** What a process of a tree is, for the per-role breakdown. */
export type Classifier = (p: ProcInfo, root: number) => string;

export interface TreeSample {
  readonly at: number;
  readonly procs: ProcInfo[];
}

export async function sampleTree(root: number): Promise<TreeSample> {
  return { at: performance.now(), procs: await processTree(root) };
}

export interface TreeCpu {
  /** Whole tree, % of one core over the window. */
  readonly totalPct: number;
  /** By role (classifier), % of one core; `exited children` is time of children reaped in the window. */
  readonly byRole: Record<string, number>;
  /** Processes alive at the end, by role. */
  readonly counts: Record<string, number>;
  /** RSS at the end, MB, whole tree. */
  readonly rssMb: number;
  readonly seconds: number;
}

/**
 * CPU between two samples of the same tree. Per role, a process counts its
 * own utime+stime delta; the growth of cutime+cstime (children reaped during
 * the window, e.g. a restarted or short-lived ffmpeg) is reported as
 * `exited children`, minus what those children had shown at the start.
 */
export function treeCpu(a: TreeSample, b: TreeSample, classify: Classifier, root: number): TreeCpu {
  const seconds = (b.at - a.at) / 1000;
  const before = new Map(a.procs.map((p) => [p.pid, p]));
  const after = new Map(b.procs.map((p) => [p.pid, p]));
  const byRole: Record<string, number> = {};
  const counts: Record<string, number> = {};
  const add = (role: string, ticks: number): void => {
    byRole[role] = (byRole[role] ?? 0) + ticks;
  };
  let totalTicks = 0;
  const sum = (procs: ProcInfo[]): number => procs.reduce((t, p) => t + p.selfTicks + p.childTicks, 0);
  totalTicks = sum(b.procs) - sum(a.procs);
  for (const p of b.procs) {
    const role = classify(p, root);
    counts[role] = (counts[role] ?? 0) + 1;
    const old = before.get(p.pid);
    add(role, p.selfTicks - (old?.selfTicks ?? 0));
  }
  // Whatever the live processes' own deltas do not explain went to processes that exited in the window.
  const explained = Object.values(byRole).reduce((t, v) => t + v, 0);
  const exited = totalTicks - explained;
  if (Math.abs(exited) > 0 || a.procs.some((p) => !after.has(p.pid))) add('exited children', exited);
  const pct = (ticks: number): number => (ticks / CLK_TCK / seconds) * 100;
  return {
    totalPct: pct(totalTicks),
    byRole: Object.fromEntries(Object.entries(byRole).map(([k, v]) => [k, pct(v)])),
    counts,
    rssMb: b.procs.reduce((t, p) => t + p.rssKb, 0) / 1024,
    seconds,
  };
}

/** Whole-machine busy share from /proc/stat (all cores), to show how loaded the host was. */
export async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((t, x) => t + x, 0);
  return { busy: total - idle, total };
}

/** CPU ticks (utime + stime) of each thread of one process, with the thread's name (`comm`). */
export async function threadTicks(pid: number): Promise<Map<number, { name: string; ticks: number }>> {
  const out = new Map<number, { name: string; ticks: number }>();
  const tids = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  for (const tid of tids) {
    try {
      const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = (await readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8')).trim();
      out.set(Number(tid), { name, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // the thread ended
    }
  }
  return out;
}

/**
 * % of one core by thread kind between two `threadTicks` samples; `kind`
 * maps a thread name to its kind. Threads that ended in between are missing
 * (their time is not in the result).
 */
export function threadCpu(
  a: Map<number, { name: string; ticks: number }>,
  b: Map<number, { name: string; ticks: number }>,
  seconds: number,
  kind: (name: string) => string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [tid, t] of b) {
    const k = kind(t.name);
    out[k] = (out[k] ?? 0) + ((t.ticks - (a.get(tid)?.ticks ?? 0)) / CLK_TCK / seconds) * 100;
  }
  return out;
}
