import type { ChildProcess } from 'node:child_process';

/**
 * Every long-lived child (ffmpeg, postgres) is registered here so that no
 * exit path of the parent leaves one behind: graceful stops kill them in
 * order, and the `exit` hook SIGKILLs whatever is still alive when the
 * process ends for any other reason (an uncaught error, process.exit).
 */
const live = new Set<ChildProcess>();
let hooked = false;

export function trackChild(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}

/** Asks a child to stop (SIGTERM), then kills it (SIGKILL) after `graceMs`. Resolves once it has exited. */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
