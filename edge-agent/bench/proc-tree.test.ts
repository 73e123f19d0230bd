import { describe, expect, it } from 'vitest';
import { motionConfigFiles, motionLineTime } from './motion-daemon.js';
import { treeCpu, type ProcInfo, type TreeSample } from './proc-tree.js';

const proc = (pid: number, ppid: number, selfTicks: number, childTicks = 0, cmdline = 'ffmpeg -i x -f segment y'): ProcInfo => ({ pid, ppid, selfTicks, childTicks, rssKb: 1024, cmdline });
const sample = (at: number, procs: ProcInfo[]): TreeSample => ({ at, procs });
const role = (p: ProcInfo, root: number): string => (p.pid === root ? 'node' : 'ffmpeg');

describe('treeCpu', () => {
  it('adds the live processes deltas and counts a new child whole', () => {
    const a = sample(0, [proc(1, 0, 100, 0, 'node'), proc(2, 1, 50)]);
    const b = sample(10_000, [proc(1, 0, 110, 0, 'node'), proc(2, 1, 70), proc(3, 1, 5)]);
    const cpu = treeCpu(a, b, role, 1);
    // 10 + 20 + 5 ticks in 10 s = 0.35 s of CPU in 10 s.
    expect(cpu.totalPct).toBeCloseTo(3.5);
    expect(cpu.byRole).toEqual({ node: 1, ffmpeg: 2.5 });
    expect(cpu.counts).toEqual({ node: 1, ffmpeg: 2 });
  });

  it('counts only the window part of a child that exited and was reaped', () => {
    // Child 2 had 50 ticks at the start, ran 30 more and exited: the parent's cutime grew by 80.
    const a = sample(0, [proc(1, 0, 100, 0, 'node'), proc(2, 1, 50)]);
    const b = sample(10_000, [proc(1, 0, 110, 80, 'node')]);
    const cpu = treeCpu(a, b, role, 1);
    expect(cpu.totalPct).toBeCloseTo(4); // 10 + 30 ticks
    expect(cpu.byRole.node).toBeCloseTo(1);
    expect(cpu.byRole['exited children']).toBeCloseTo(3);
  });
});

describe('motion daemon files and log', () => {
  it('writes one global file and one file per camera with the compared settings', () => {
    const files = motionConfigFiles('/tmp/m', [{ id: 'cam-1', url: 'rtsp://u:p@h:1/cam-1/sub' }], { fps: 5, captureRate: 13, width: 640, height: 360, eventGapSeconds: 3, logLevel: 6 });
    expect([...files.keys()]).toEqual(['/tmp/m/motion.conf', '/tmp/m/conf.d/cam-1.conf']);
    const global = files.get('/tmp/m/motion.conf')!;
    for (const line of ['picture_output off', 'movie_output off', 'webcontrol_port 0', 'stream_port 0', 'camera_dir /tmp/m/conf.d']) expect(global).toContain(line);
    const camera = files.get('/tmp/m/conf.d/cam-1.conf')!;
    for (const line of ['netcam_url rtsp://u:p@h:1/cam-1/sub', 'netcam_params rtsp_transport=tcp,capture_rate=13', 'framerate 5', 'width 640', 'height 360']) expect(camera).toContain(line);
    expect(camera).not.toMatch(/threshold|noise_level/);
  });

  it('reads the local time of a log line', () => {
    const at = motionLineTime('[1:ml1:cam-1] [NTC] [ALL] [Nov 30 10:31:59] motion_detected: Motion detected - starting event 1.', 2026);
    expect(at).toBe(new Date(2026, 10, 30, 10, 31, 59).getTime());
    expect(motionLineTime('no time here')).toBeUndefined();
  });
});
