import { useSignal, type Signal } from '@preact/signals';
import { toApiError, type ApiRequestError } from '../api/api-client.js';

/**
 * The one action of a form or dialog (create, save, sign in, confirm), as
 * signals: `busy` while it runs, so the view disables its buttons, and the
 * last failure, for FormError. A submit while one is running is ignored.
 */
export interface Submission {
  readonly busy: Signal<boolean>;
  readonly error: Signal<ApiRequestError | null>;
  /** Runs the action; takes a form's submit event (the page must not reload) or a button's click. */
  submit(event?: Event): Promise<void>;
}

export function useSubmission(action: () => Promise<void>): Submission {
  const busy = useSignal(false);
  const error = useSignal<ApiRequestError | null>(null);

  // Made at every render, so the action sees the props and values of the latest one.
  const submit = async (event?: Event): Promise<void> => {
    event?.preventDefault();
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    try {
      await action();
    } catch (caught) {
      error.value = toApiError(caught);
    } finally {
      busy.value = false;
    }
  };

  return { busy, error, submit };
}
