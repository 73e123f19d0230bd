import type { ApiRequestError } from '../api/api-client.js';
import { FormError } from '../shared/form-error.js';
import { explainOnboardingError } from './onboarding-messages.js';

/** A failed wizard step: the explanation of its code (onboarding-messages.ts) above the agent's own message. */
export function OnboardingError({ error }: { error: ApiRequestError | null }) {
  if (error === null) return null;
  const explanation = explainOnboardingError(error.code);
  return (
    <div class="onboarding-error" data-testid="onboarding-error" data-code={error.code}>
      {explanation !== undefined && (
        <p class="onboarding-error__explanation" data-testid="onboarding-explanation">
          {explanation}
        </p>
      )}
      <FormError error={error} />
    </div>
  );
}
