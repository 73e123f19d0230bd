import type { EnrollmentTokenResponse } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { TokenReveal } from '../admin/token-reveal.js';
import { FormError } from '../shared/form-error.js';
import { formatInstant } from '../shared/format.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';

/** Validity of a token made here (s): one installation visit, as the cloud's default. */
const ENROLLMENT_TOKEN_SECONDS = 3600;

/**
 * Creates a one-time enrollment token for the site (site.manage), to enrol a
 * new agent or re-enrol one whose credential was revoked; the token is shown
 * once, with a copy button.
 */
export function EnrollmentTokenButton(props: { siteId: string }) {
  const created = useSignal<EnrollmentTokenResponse | null>(null);
  const create = useSubmission(async () => {
    created.value = await api.createEnrollmentToken(props.siteId, { expiresInSeconds: ENROLLMENT_TOKEN_SECONDS });
  });
  return (
    <div class="enrollment-token">
      {created.value === null ? (
        <button type="button" class="button" onClick={() => void create.submit()} disabled={create.busy.value} data-testid="enrollment-token-create">
          {create.busy.value ? 'Creating…' : 'New enrollment token'}
        </button>
      ) : (
        <TokenReveal
          title={`Enrollment token for site ${created.value.siteId}`}
          token={created.value.token}
          valueLabel="Enrollment token value"
          usage={
            <>
              Single use, valid until {formatInstant(created.value.expiresAt)}. On the site machine:{' '}
              <code class="mono">argus-edge enroll --cloud &lt;url&gt; --token &lt;token&gt;</code>.
            </>
          }
          onDone={() => (created.value = null)}
        />
      )}
      <FormError error={create.error.value} />
    </div>
  );
}
