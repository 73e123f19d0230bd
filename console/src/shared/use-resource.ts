import { useSignal, type Signal } from '@preact/signals';
import { useCallback, useEffect, useRef } from 'preact/hooks';
import { toApiError, type ApiRequestError } from '../api/api-client.js';

/**
 * Data a screen loads from the API, as signals: the last good value, the
 * last error, and whether a load is in flight. A newer load aborts the one
 * before it, and unmounting aborts whatever is in flight, so a slow answer
 * never overwrites a newer one or lands in an unmounted view.
 */
export interface Resource<T> {
  readonly data: Signal<T | undefined>;
  readonly error: Signal<ApiRequestError | null>;
  readonly loading: Signal<boolean>;
  reload(): Promise<void>;
}

export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[] = []): Resource<T> {
  const data = useSignal<T | undefined>(undefined);
  const error = useSignal<ApiRequestError | null>(null);
  const loading = useSignal(true);
  const inFlight = useRef<AbortController | null>(null);

  const reload = useCallback(async (): Promise<void> => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    loading.value = true;
    try {
      const value = await load(controller.signal);
      if (controller.signal.aborted) return;
      data.value = value;
      error.value = null;
    } catch (caught) {
      if (controller.signal.aborted) return;
      error.value = toApiError(caught);
    } finally {
      if (inFlight.current === controller) loading.value = false;
    }
  }, deps);

  useEffect(() => {
    void reload();
    return () => inFlight.current?.abort();
  }, [reload]);

  return { data, error, loading, reload };
}
