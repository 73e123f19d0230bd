import type { Logger, Service } from '@argus/runtime';
import { ExportRefused, runExportJob, type ExportJobDeps } from './export-job.js';
import type { ClaimedExport, ExportsRepository } from './exports.repository.js';

export interface ExportRunnerOptions extends ExportJobDeps {
  readonly exports: ExportsRepository;
  /** How often the queue is polled when nothing woke the runner (ms): jobs queued on other replicas wait at most this. */
  readonly pollMs?: number;
  /** How long a claim holds without renewal (ms); renewed every third of it while the job runs. */
  readonly leaseMs?: number;
  /** Claims of one job (each interrupted by a replica stopping) before it is failed. */
  readonly maxAttempts?: number;
}

export const EXPORT_LEASE_MS = 60_000; // used by the export runner: a crashed replica's job is taken again a minute later
export const EXPORT_POLL_MS = 1000; // used by the export runner
export const EXPORT_MAX_ATTEMPTS = 3; // used by the export runner

/**
 * Runs queued evidence exports, one at a time per replica (every replica
 * runs one; the queue's row locks share the work). A job is held under a
 * lease renewed while it runs; when a replica dies its job's lease lapses
 * and another replica takes it again. `wake` starts a round at once (a job
 * was just queued here).
 */
export class ExportRunner implements Service {
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private abort = new AbortController();

  constructor(private readonly options: ExportRunnerOptions) {
    this.log = options.logger.child({ component: 'evidence-export' });
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.abort = new AbortController();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // A job cut short keeps its lease: another replica (or this one, restarted) takes it when the lease lapses.
    this.abort.abort();
    await this.running;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : (this.options.pollMs ?? EXPORT_POLL_MS));
      });
    }, ms);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    const leaseMs = this.options.leaseMs ?? EXPORT_LEASE_MS;
    try {
      while (!this.stopped) {
        const job = await this.options.exports.claimNext(this.options.now(), leaseMs, this.options.maxAttempts ?? EXPORT_MAX_ATTEMPTS);
        if (!job) return;
        await this.run(job, leaseMs);
      }
    } catch (err) {
      this.log.warn({ err }, 'export round failed; retrying at the next poll');
    }
  }

  private async run(job: ClaimedExport, leaseMs: number): Promise<void> {
    const log = this.log.child({ exportId: job.id, cameraId: job.cameraId, attempt: job.attempts });
    log.info('export started');
    const { exports, now } = this.options;
    const renewal = setInterval(() => {
      void exports.renew(job, now() + leaseMs).then((held) => {
        if (!held) log.warn('export lease lost to another replica');
      }, (err: unknown) => log.warn({ err }, 'export lease renewal failed'));
    }, Math.max(100, Math.floor(leaseMs / 3)));
    renewal.unref();
    try {
      const out = await runExportJob(job, this.options, this.abort.signal);
      const recorded = await exports.done(job, out, now());
      if (!recorded) log.warn('export finished, but another replica holds the job now; its result stands');
    } catch (err) {
      if (this.abort.signal.aborted) {
        log.info('export interrupted by shutdown; its lease will lapse and it will be taken again');
        return;
      }
      const message = err instanceof ExportRefused ? err.message : `the export failed: ${(err as Error).message}`;
      log[err instanceof ExportRefused ? 'warn' : 'error']({ err }, 'export failed');
      await exports.failed(job, message, now());
    } finally {
      clearInterval(renewal);
    }
  }
}
