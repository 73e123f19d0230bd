import { readdirSync, readFileSync } from 'node:fs';

/** Command lines (argument lists) of this test process's ffmpeg children: the edge's recorders and pushes and the cloud's relays run in it. */
export function ffmpegChildren(): string[][] {
  const mine = String(process.pid);
  const found: string[][] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of stat is the parent pid; the command name (field 2) may hold spaces, so read after its ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      if (ppid !== mine) continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
      if (args[0]?.includes('ffmpeg')) found.push(args);
    } catch {
      continue; // The process ended between the listing and the read.
    }
  }
  return found;
}

/** The edge's live pushes: ffmpeg writing FLV to an RTMP URL (edge-agent/src/adapters/ffmpeg/live-push-args.ts). */
export const livePushes = (): number => ffmpegChildren().filter((args) => args.some((a, i) => a === 'flv' && args[i + 1]?.startsWith('rtmp'))).length;
