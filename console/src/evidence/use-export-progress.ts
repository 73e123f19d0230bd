import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ExportRecord } from '@argus/contracts';
import { toApiError } from '../api/api-client.js';
import { api } from '../store/api.js';
import { nextDelayMs, onAnswer, onFailure, startPoll, type ExportPoll } from './export-poll.js';

/**
 * Follows an export from the answer of POST /api/exports until it is done,
 * failed, or polling gives up (export-poll.ts decides when to ask again).
 * One ask at a time (setTimeout after each answer); unmounting stops it.
 */
export function useExportProgress(created: ExportRecord): Signal<ExportPoll> {
  const poll = useSignal<ExportPoll>(startPoll(created, Date.now()));

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (): void => {
      const delay = nextDelayMs(poll.peek());
      if (delay !== null && !controller.signal.aborted) timer = setTimeout(() => void ask(), delay);
    };
    const ask = async (): Promise<void> => {
      try {
        const record = await api.getExport(created.id, controller.signal);
        if (controller.signal.aborted) return;
        poll.value = onAnswer(poll.peek(), record, Date.now());
      } catch (caught) {
        if (controller.signal.aborted) return;
        poll.value = onFailure(poll.peek(), toApiError(caught), Date.now());
      }
      schedule();
    };
    schedule();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [created.id]);

  return poll;
}
