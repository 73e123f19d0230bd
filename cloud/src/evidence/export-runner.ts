import { PollingLoop, type Logger, type Service } from '@argus/runtime';
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
  private readonly loop: PollingLoop;
  private abort = new AbortController();

  constructor(private readonly options: ExportRunnerOptions) {
    this.log = options.logger.child({ component: 'evidence-export' });
    this.loop = new PollingLoop(() => this.round(), options.pollMs ?? EXPORT_POLL_MS);
  }

  async start(): Promise<void> {
    this.abort = new AbortController();
    this.loop.start();
  }

  async stop(): Promise<void> {
    const ended = this.loop.stop();
    // A job cut short keeps its lease: another replica (or this one, restarted) takes it when the lease lapses.
    this.abort.abort();
    await ended;
  }

  wake(): void {
    this.loop.wake();
  }

  private async round(): Promise<void> {
    const leaseMs = this.options.leaseMs ?? EXPORT_LEASE_MS;
    try {
      while (!this.loop.stopped) {
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
