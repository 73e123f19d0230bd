import type { StreamName } from '@argus/core';
import type { Writable } from 'node:stream';
import type { Logger, Service } from '@argus/runtime';
import { buildLivePushArgs, LIVE_TAP_INPUT } from '../adapters/ffmpeg/live-push-args.js';
import type { TsGopCache } from '../core/ts-gop-cache.js';
import { FfmpegProcess } from '../adapters/ffmpeg/ffmpeg-process.js';

interface Push {
  readonly cameraId: string;
  readonly stream: StreamName;
  readonly url: string;
  readonly process: FfmpegProcess;
}

/**
 * The agent's live pushes (live-start / live-stop on the control channel):
 * one per camera stream and cloud relay, so viewers on two cloud replicas
 * each get a push of their own, and one replica's stop leaves the other's
 * running. Each is a supervised ffmpeg (restarted on failure); stop() ends
 * them all, so a stopping agent pushes nothing.
 */
export class LivePushes implements Service {
  private readonly pushes = new Map<string, Push>();
  private readonly log: Logger;

  constructor(private readonly options: { readonly ffmpegPath: string; readonly logger: Logger; readonly stallTimeoutMs?: number }) {
    this.log = options.logger.child({ component: 'live-push' });
  }

  /** `<cameraId>` of each main-stream push, `<cameraId>/sub` of each sub-stream push, then `@<relay>` when a relay was named. */
  active(): string[] {
    return [...this.pushes.keys()];
  }

  /** Nothing runs until commanded. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Starts (or, with a new URL, restarts) the push of `cameraId`'s `stream`
   * to `relay`; resolves once ffmpeg is spawned. With a `tap` (the camera's
   * running copy of the stream, holding its newest GOP; asked again at each
   * run, since a camera change replaces it) the push is fed from it and
   * starts with a picture at once; without, it pulls `inputUrl`.
   */
  async push(cameraId: string, inputUrl: string, pushUrl: string, stream: StreamName = 'main', relay?: string, tap?: () => TsGopCache | undefined): Promise<void> {
    const key = pushKey(cameraId, stream, relay);
    const current = this.pushes.get(key);
    if (current?.url === pushUrl) return;
    if (current) await this.stopKey(key);
    const log = this.log.child({ cameraId, stream, ...(relay === undefined ? {} : { relay }) });
    let started!: () => void;
    let runStartedAt = Date.now();
    let failedRuns = 0;
    const spawned = new Promise<void>((resolve) => (started = resolve));
    const process = new FfmpegProcess({
      ffmpegPath: this.options.ffmpegPath,
      args: () => buildLivePushArgs({ inputUrl: tap ? LIVE_TAP_INPUT : inputUrl, pushUrl }),
      ...(tap ? { stdin: (input: Writable) => feedFromTap(tap(), input) } : {}),
      onStdoutLine: () => undefined,
      onProgress: () => undefined,
      onRunStart: () => { runStartedAt = Date.now(); started(); },
      onRunEnd: (run, reason) => {
        if (reason.kind === 'stopped') return;
        log.warn({ run, reason: reason.kind }, 'live push run ended');
        // A relay that keeps refusing (its cloud replica restarted or gone) never sends live-stop: give up on it.
        const ranFor = Date.now() - runStartedAt;
        failedRuns = ranFor >= HEALTHY_PUSH_MS ? 0 : failedRuns + 1;
        if (failedRuns >= MAX_FAILED_RUNS && this.pushes.get(key)?.process === process) {
          log.warn({ failedRuns }, 'live push abandoned: its relay keeps refusing');
          void this.stopKey(key);
        }
      },
      stallTimeoutMs: this.options.stallTimeoutMs ?? 10_000,
      backoff: { initialMs: 500, maxMs: 5000, jitter: 0.2 },
      healthyRunMs: HEALTHY_PUSH_MS,
      stopGraceMs: 2000,
      logger: log,
    });
    this.pushes.set(key, { cameraId, stream, url: pushUrl, process });
    await process.start();
    await spawned;
    log.info('live push started');
  }

  /** Stops the push of `cameraId`'s `stream` to `relay`, or, without a relay, every push of that stream; false when none ran. */
  async stopPush(cameraId: string, stream: StreamName = 'main', relay?: string): Promise<boolean> {
    const keys = relay === undefined
      ? [...this.pushes.entries()].filter(([, p]) => p.cameraId === cameraId && p.stream === stream).map(([key]) => key)
      : [pushKey(cameraId, stream, relay)].filter((key) => this.pushes.has(key));
    await Promise.all(keys.map((key) => this.stopKey(key)));
    return keys.length > 0;
  }

  private async stopKey(key: string): Promise<void> {
    const push = this.pushes.get(key);
    if (!push) return;
    this.pushes.delete(key);
    await push.process.stop();
    this.log.info({ cameraId: push.cameraId, stream: push.stream }, 'live push stopped');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pushes.keys()].map((key) => this.stopKey(key)));
  }
}

/** Bytes waiting in a push's stdin beyond which the feed ends (ffmpeg not keeping up); the run then starts over. */
const MAX_STDIN_BACKLOG = 8 * 1024 * 1024;

/** Feeds a push's stdin from the tap until the tap ends or ffmpeg falls behind (or at once ends it: no tap any more); returns the detach. */
function feedFromTap(tap: TsGopCache | undefined, input: Writable): () => void {
  if (tap === undefined) {
    input.end();
    return () => undefined;
  }
  const unsubscribe = tap.subscribe({
    write(bytes) {
      if (input.writableEnded || input.destroyed) return;
      if (input.writableLength > MAX_STDIN_BACKLOG) {
        unsubscribe();
        input.end();
        return;
      }
      input.write(bytes);
    },
    end() {
      if (!input.writableEnded) input.end();
    },
  });
  return unsubscribe;
}

/** A push run this long counts as healthy (ms); shorter ones in a row count towards MAX_FAILED_RUNS. */
const HEALTHY_PUSH_MS = 10_000;
/** Failed runs in a row after which a push is dropped (~12 s of backoff from the first). */
const MAX_FAILED_RUNS = 5;

const pushKey = (cameraId: string, stream: StreamName, relay: string | undefined): string =>
  `${stream === 'main' ? cameraId : `${cameraId}/${stream}`}${relay === undefined ? '' : `@${relay}`}`;
