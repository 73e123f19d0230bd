import { WEBHOOK_KINDS, type WebhookKind, type WebhookRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { Field } from '../shared/field.js';
import { FieldProblem } from '../shared/field-problem.js';
import { FormPanel } from '../shared/form-panel.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';
import { DEFAULT_WEBHOOK_KINDS, WEBHOOK_KIND_NAMES, generateSecret, webhookBodyFromDraft, type WebhookProblem } from './webhook-draft.js';

/**
 * New webhook: the receiver's URL, the secret its signatures are made with
 * (typed, or generated here; the cloud never shows it again), and the kinds
 * of change to send.
 */
export function WebhookCreateForm(props: { onCreated(hook: WebhookRecord): void }) {
  const url = useSignal('');
  const secret = useSignal('');
  const kinds = useSignal<readonly WebhookKind[]>(DEFAULT_WEBHOOK_KINDS);
  const problem = useSignal<WebhookProblem | null>(null);

  const create = useSubmission(async () => {
    problem.value = null;
    const checked = webhookBodyFromDraft({ url: url.value, secret: secret.value, kinds: kinds.value });
    if (!checked.ok) {
      problem.value = checked.problem;
      return;
    }
    const hook = await api.createWebhook(checked.value);
    url.value = '';
    secret.value = '';
    kinds.value = DEFAULT_WEBHOOK_KINDS;
    props.onCreated(hook);
  });
  const apiError = create.error.value;
  const shown = problem.value ?? (apiError?.field === 'url' || apiError?.field === 'secret' || apiError?.field === 'kinds' ? { field: apiError.field, message: apiError.message } : null);

  const toggle = (kind: WebhookKind, on: boolean): void => {
    const next = new Set(kinds.value);
    if (on) next.add(kind);
    else next.delete(kind);
    kinds.value = WEBHOOK_KINDS.filter((k) => next.has(k));
  };

  return (
    <FormPanel name="webhook-create" title="Add a webhook" submission={create} submitLabel="Add webhook" busyLabel="Adding…">
      <Field id="webhook-url" label="Receiver URL" hint="Each change is POSTed here as JSON, signed (X-Argus-Signature).">
        <input
          id="webhook-url"
          class="input"
          type="url"
          data-testid="webhook-url"
          value={url.value}
          placeholder="https://hooks.example.com/argus"
          onInput={(e) => (url.value = e.currentTarget.value)}
        />
      </Field>
      <FieldProblem field="url" problem={shown} />
      <Field id="webhook-secret" label="Signing secret" hint="The receiver checks signatures with it. It is not shown again after this.">
        <div class="input-row">
          <input
            id="webhook-secret"
            class="input mono"
            data-testid="webhook-secret"
            value={secret.value}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => (secret.value = e.currentTarget.value)}
          />
          <button type="button" class="button" data-testid="webhook-generate-secret" onClick={() => (secret.value = generateSecret((b) => crypto.getRandomValues(b)))}>
            Generate
          </button>
        </div>
      </Field>
      <FieldProblem field="secret" problem={shown} />
      <fieldset class="site-picker" data-testid="webhook-kinds">
        <legend class="site-picker__legend">Send</legend>
        {WEBHOOK_KINDS.map((kind) => (
          <label key={kind} class="choice choice--check">
            <input type="checkbox" data-testid="webhook-kind" data-kind={kind} checked={kinds.value.includes(kind)} onChange={(e) => toggle(kind, e.currentTarget.checked)} />
            <span>{WEBHOOK_KIND_NAMES[kind]}</span>
            <span class="muted mono">{kind}</span>
          </label>
        ))}
      </fieldset>
      <FieldProblem field="kinds" problem={shown} />
    </FormPanel>
  );
}
