/**
 * The simulator side of `npm run bench:sim`, run as its own process so its
 * CPU and memory are its own: starts N cameras, prints one JSON line with
 * their main URLs, then one line of process.cpuUsage()/RSS per second until
 * stdin closes or SIGTERM.
 */
import { createLogger } from '@argus/runtime';
import { createSimulator } from '../src/index.js';

const cameras = Number(process.argv[2] ?? 100);
// 1280x720 main (sub 640x360): a typical camera's pair; 10 s keeps the one-off encode short.
const scene = { kind: 'synthetic', seconds: 10, width: 1280, height: 720, fps: 25 } as const;
const sim = createSimulator({
  port: 0,
  logger: createLogger({ name: 'sim-bench', level: 'warn', destination: process.stderr }),
  cameras: Array.from({ length: cameras }, (_, i) => ({ id: `cam-${i + 1}`, scene })),
});
await sim.start();
process.stdout.write(`${JSON.stringify({ ready: true, urls: sim.cameraIds().map((id) => sim.cameraUrls(id).main) })}\n`);
const timer = setInterval(() => {
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ t: performance.now(), cpuUs: cpu.user + cpu.system, rss: process.memoryUsage().rss, sessions: sim.cameraIds().reduce((n, id) => n + sim.playingSessions(id), 0) })}\n`);
}, 1000);
const stop = (): void => {
  clearInterval(timer);
  void sim.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('close', stop);
process.stdin.resume();
