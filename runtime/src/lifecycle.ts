/**
 * One lifecycle for every long-lived part: `start` resolves when the part is
 * serving; `stop` is idempotent and resolves when the part and its children
 * are gone.
 */
export interface Service {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Resolves after `ms`, or early (without error) when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Starts services in order; on SIGINT/SIGTERM stops them in reverse order,
 * then exits. A second signal exits at once — unless it comes within
 * `echoMs` of the first: launchers (npm, tsx) relay the signal the terminal
 * already delivered, and that echo must not cut a graceful stop short.
 */
export function runUntilSignal(
  services: readonly Service[],
  onStopped: (code: number) => void = (code) => process.exit(code),
  echoMs = 3000,
): Promise<void> {
  let firstSignalAt: number | undefined;
  const stopAll = async (): Promise<void> => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt > echoMs) onStopped(130);
      return;
    }
    firstSignalAt = Date.now();
    let code = 0;
    for (const service of [...services].reverse()) {
      try {
        await service.stop();
      } catch (err) {
        code = 1;
        console.error(err);
      }
    }
    onStopped(code);
  };
  process.on('SIGINT', () => void stopAll());
  process.on('SIGTERM', () => void stopAll());
  return (async () => {
    for (const service of services) await service.start();
  })();
}
