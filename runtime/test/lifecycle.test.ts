import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/slow-stop.ts', import.meta.url));

/** Runs the fixture, sends SIGTERM at each of `signalsAtMs` (after start-up), returns its output and exit code. */
function run(signalsAtMs: number[], echoMs: number): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, ECHO_MS: String(echoMs) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out === 'started\n') for (const at of signalsAtMs) setTimeout(() => child.kill('SIGTERM'), at);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ out, code });
    });
  });
}

describe('runUntilSignal', () => {
  it('stops gracefully when a launcher echoes the signal right after the terminal sent it', async () => {
    expect(await run([0, 50], 3000)).toEqual({ out: 'started\nstopped\nexit 0\n', code: 0 });
  });

  it('exits at once on a second signal that comes after the echo window', async () => {
    expect(await run([0, 300], 100)).toEqual({ out: 'started\nexit 130\n', code: 130 });
  });
});
