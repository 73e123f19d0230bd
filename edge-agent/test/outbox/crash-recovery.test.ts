import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startEdgeHarness, waitFor, type EdgeHarness } from '../support/edge-harness.js';

const RUN_AGENT = fileURLToPath(new URL('../support/run-agent.ts', import.meta.url));

/** Direct children of `pid` (from /proc): the agent's ffmpeg processes. */
async function childrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // Field 4 (after the parenthesised command, which may hold spaces) is the parent pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) found.push(Number(name));
  }
  return found;
}

async function spoolFiles(dir: string): Promise<{ sidecars: string[]; media: string[] }> {
  const names = await readdir(dir);
  return { sidecars: names.filter((n) => n.endsWith('.ts.json')), media: names.filter((n) => n.endsWith('.ts')) };
}

/** The outbox's report at start, from its log line. */
function reloaded(lines: readonly string[]): { adopted: number; lostFound: number } {
  const line = lines.map((l) => JSON.parse(l) as { msg?: string; adopted?: number; lostFound?: number }).find((l) => l.msg === 'outbox reloaded');
  return { adopted: line?.adopted ?? 0, lostFound: line?.lostFound ?? 0 };
}

describe('crash recovery', () => {
  let h: EdgeHarness | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await h?.stop();
    h = undefined;
  });

  it('uploads, after a SIGKILL of the agent and then of its ffmpeg, every segment it had recorded and the ones it had not', async () => {
    h = await startEdgeHarness({ cameras: 2 });
    const harness = h;
    // The first agent runs in its own process with the cloud down, so everything stays in its outbox.
    const configPath = join(h.dataDir, 'edge.json');
    await writeFile(configPath, JSON.stringify({ ...h.config(), cameras: h.config().cameras }));
    // Its logs are not read: an unread pipe would fill and block the agent.
    child = spawn(process.execPath, ['--import', 'tsx', RUN_AGENT, configPath], { stdio: ['ignore', 'ignore', 'inherit'] });
    const agentPid = child.pid!;
    const spool = (id: string) => join(harness.edgeDir, 'segments', id);
    await waitFor('4 recorded segments per camera', async () => {
      for (const id of harness.cameraIds) if ((await spoolFiles(spool(id)).catch(() => ({ sidecars: [] }))).sidecars.length < 4) return undefined;
      return true;
    }, 60_000);
    // The agent dies first; its ffmpeg children (own process group) live on for a moment and close the
    // segment they were writing, which the dead agent never records: the "finished but not in the
    // outbox" case. Then they die too, each with its next file cut short (empty while ffmpeg buffers it).
    const ffmpegs = await childrenOf(agentPid);
    expect(ffmpegs.length).toBeGreaterThanOrEqual(2);
    process.kill(agentPid, 'SIGKILL');
    await waitFor('a segment finished after the agent died', async () => {
      for (const id of harness.cameraIds) {
        const { sidecars, media } = await spoolFiles(spool(id));
        const open = media.filter((m) => !sidecars.includes(`${m}.json`));
        const sizes = await Promise.all(open.map((m) => stat(join(spool(id), m)).then((s) => s.size, () => 0)));
        if (!sizes.some((size) => size > 10_000)) return undefined;
      }
      return true;
    }, 15_000, 50);
    for (const pid of ffmpegs) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (err) {
        // ESRCH: this ffmpeg already ended by itself (its agent's pipes are gone), which is what we want.
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    }
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child!.once('exit', resolve));
    child = undefined;

    const before = new Map<string, { sidecars: string[]; media: string[] }>();
    for (const id of h.cameraIds) before.set(id, await spoolFiles(spool(id)));
    const recorded = [...before.values()].reduce((n, f) => n + f.sidecars.length, 0);
    const unrecorded = [...before.values()].reduce((n, f) => n + f.media.length - f.sidecars.length, 0);
    // At least the segment each ffmpeg finished after the agent died is unrecorded.
    expect(unrecorded).toBeGreaterThanOrEqual(2);

    await h.startCloud();
    const agent = await h.startAgent();
    await waitFor('the outbox to drain', () => (agent.status().spool.segments === 0 && agent.status().uploaded >= recorded) || undefined, 90_000);
    await agent.stop();

    const { lostFound } = reloaded(harness.logLines);
    let indexedTotal = 0;
    for (const id of h.cameraIds) {
      const indexed = await h.segments(id);
      const keys = new Set(indexed.map((s) => s.key));
      expect(keys.size, id).toBe(indexed.length);
      // Every segment the dead agent had recorded is in the index, under the key its sidecar named.
      for (const name of before.get(id)!.sidecars) {
        const sidecar = JSON.parse(await readFile(join(spool(id), name), 'utf8').catch(() => 'null')) as { key: string } | null;
        if (sidecar) expect(keys.has(sidecar.key), `${id}/${name}`).toBe(true);
      }
      indexedTotal += indexed.length;
    }
    const newAgentRecorded = agent.status().cameras.reduce((n, c) => n + c.recorded, 0);
    // Recorded before + unrecorded files adopted (the rest in lost+found) + what the new agent recorded itself.
    expect(indexedTotal).toBe(recorded + (unrecorded - lostFound) + newAgentRecorded);
    expect(unrecorded - lostFound, 'unrecorded files adopted').toBeGreaterThanOrEqual(2);
  }, 180_000);
});
