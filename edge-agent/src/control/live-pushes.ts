import type { StreamName } from '@argus/core';
import type { Logger, Service } from '@argus/runtime';
import { buildLivePushArgs } from '../adapters/ffmpeg/live-push-args.js';
import { FfmpegProcess } from '../adapters/ffmpeg/ffmpeg-process.js';

interface Push {
  readonly url: string;
  readonly process: FfmpegProcess;
}

/**
 * The agent's live pushes, one per camera stream at most (live-start / live-stop
 * on the control channel). Each is a supervised ffmpeg (restarted on
 * failure); stop() ends them all, so a stopping agent pushes nothing.
 */
export class LivePushes implements Service {
  private readonly pushes = new Map<string, Push>();
  private readonly log: Logger;

  constructor(private readonly options: { readonly ffmpegPath: string; readonly logger: Logger; readonly stallTimeoutMs?: number }) {
    this.log = options.logger.child({ component: 'live-push' });
  }

  /** `<cameraId>` of each main-stream push, `<cameraId>/sub` of each sub-stream push. */
  active(): string[] {
    return [...this.pushes.keys()];
  }

  /** Nothing runs until commanded. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Starts (or, with a new URL, restarts) the push of `cameraId`'s `stream`; resolves once ffmpeg is spawned. */
  async push(cameraId: string, inputUrl: string, pushUrl: string, stream: StreamName = 'main'): Promise<void> {
    const key = pushKey(cameraId, stream);
    const current = this.pushes.get(key);
    if (current?.url === pushUrl) return;
    if (current) await this.stopPush(cameraId, stream);
    const log = this.log.child({ cameraId, stream });
    let started!: () => void;
    const spawned = new Promise<void>((resolve) => (started = resolve));
    const process = new FfmpegProcess({
      ffmpegPath: this.options.ffmpegPath,
      args: () => buildLivePushArgs({ inputUrl, pushUrl }),
      onStdoutLine: () => undefined,
      onProgress: () => undefined,
      onRunStart: () => started(),
      onRunEnd: (run, reason) => { if (reason.kind !== 'stopped') log.warn({ run, reason: reason.kind }, 'live push run ended'); },
      stallTimeoutMs: this.options.stallTimeoutMs ?? 10_000,
      backoff: { initialMs: 500, maxMs: 5000, jitter: 0.2 },
      healthyRunMs: 10_000,
      stopGraceMs: 2000,
      logger: log,
    });
    this.pushes.set(key, { url: pushUrl, process });
    await process.start();
    await spawned;
    log.info('live push started');
  }

  async stopPush(cameraId: string, stream: StreamName = 'main'): Promise<boolean> {
    const key = pushKey(cameraId, stream);
    const push = this.pushes.get(key);
    if (!push) return false;
    this.pushes.delete(key);
    await push.process.stop();
    this.log.info({ cameraId, stream }, 'live push stopped');
    return true;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pushes.keys()].map((key) => {
      const [cameraId, stream] = key.split('/');
      return this.stopPush(cameraId!, stream === 'sub' ? 'sub' : 'main');
    }));
  }
}

const pushKey = (cameraId: string, stream: StreamName): string => (stream === 'main' ? cameraId : `${cameraId}/${stream}`);
