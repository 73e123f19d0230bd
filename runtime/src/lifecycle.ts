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
 * then exits. A second signal exits at once.
 */
export function runUntilSignal(services: readonly Service[], onStopped: (code: number) => void = (code) => process.exit(code)): Promise<void> {
  let stopping = false;
  const stopAll = async (): Promise<void> => {
    if (stopping) return onStopped(130);
    stopping = true;
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
