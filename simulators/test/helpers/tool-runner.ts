import { spawn, type ChildProcess } from 'node:child_process';

export interface ToolResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs real ffmpeg/ffprobe as RTSP clients. Every process is bounded by a
 * timeout, and `killAll` (called in afterEach) ends any still running, so a
 * failing test never leaves clients behind.
 */
export class ToolRunner {
  private readonly running = new Set<ChildProcess>();

  run(binary: string, args: readonly string[], timeoutMs = 20_000): Promise<ToolResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      this.running.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        this.running.delete(child);
        reject(err);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.running.delete(child);
        resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
      });
    });
  }

  killAll(): void {
    for (const child of this.running) child.kill('SIGKILL');
    this.running.clear();
  }
}

/** `ffprobe` of an RTSP URL: codec and size of the first video stream. */
export function probeArgs(url: string, options: { tcp?: boolean } = {}): string[] {
  return [
    '-v', 'error',
    ...(options.tcp === false ? [] : ['-rtsp_transport', 'tcp']),
    '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height',
    '-of', 'json',
    url,
  ];
}

export function parseProbeStreams(stdout: string): Array<{ codec_name?: string; width?: number; height?: number }> {
  return (JSON.parse(stdout) as { streams?: Array<{ codec_name?: string; width?: number; height?: number }> }).streams ?? [];
}
