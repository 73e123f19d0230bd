import type { Logger } from '@argus/runtime';

/**
 * Runs one outbox write, retrying it once after ENOSPC once `makeRoom` has
 * evicted room for it (the disk guard). Never throws: a write that still
 * fails is logged, and what it concerned stays on disk for the next start
 * to settle (a segment file) or is lost (an event phase: logged with what).
 * Resolves true when the write happened.
 */
export async function writeToSpool(
  what: string,
  write: () => Promise<void>,
  options: { readonly makeRoom: (bytes: number) => Promise<void>; readonly log: Logger },
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' && attempt === 1) {
        options.log.error({ what }, 'disk full (ENOSPC) writing the outbox; evicting and retrying');
        await options.makeRoom(SPOOL_EMERGENCY_BYTES);
        continue;
      }
      options.log.error({ err, what }, 'could not write to the outbox; the file stays on disk for the next start to settle');
      return false;
    }
  }
}

/** Evicted after ENOSPC before the write is retried. */
export const SPOOL_EMERGENCY_BYTES = 64 * 1024 ** 2; // used by writeToSpool
