import type { ApiRequestError } from '../api/api-client.js';

/** A failed request under a form or in a dialog: the API's message (or the caller's wording of it) and its stable code. */
export function FormError({
  error,
  message,
  testId = 'form-error',
}: {
  error: Pick<ApiRequestError, 'message' | 'code'> | null;
  message?: string | undefined;
  testId?: string;
}) {
  if (error === null) return null;
  return (
    <p class="form-error" role="alert" data-testid={testId} data-code={error.code}>
      {message ?? error.message} <span class="form-error__code">({error.code})</span>
    </p>
  );
}
