import type { ComponentChildren } from 'preact';
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';

/**
 * A newly created secret's value (an API token, an agent enrollment token),
 * shown this once. It lives only in the props of this box (never in a store,
 * storage or the URL); dismissing the box drops the last copy the console has.
 */
export function TokenReveal(props: {
  title: string;
  token: string;
  /** Accessible name of the value field (`API token value`). */
  valueLabel: string;
  /** How the token is used, under the value. */
  usage: ComponentChildren;
  onDone(): void;
}) {
  const copied = useSignal<'no' | 'yes' | 'failed'>('no');
  const input = useRef<HTMLInputElement>(null);

  const copy = async (): Promise<void> => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(props.token);
      copied.value = 'yes';
    } catch {
      // No clipboard permission (or not a secure context): the text is selected for Ctrl-C instead.
      copied.value = 'failed';
    }
  };

  return (
    <section class="token-reveal" data-testid="token-reveal" aria-labelledby="token-reveal-title">
      <h3 id="token-reveal-title" class="token-reveal__title">
        {props.title}
      </h3>
      <p class="token-reveal__warning" role="alert">
        Copy this token now. It will not be shown again: the cloud keeps only a hash of it.
      </p>
      <div class="token-reveal__value">
        <input
          ref={input}
          class="input mono"
          readOnly
          value={props.token}
          aria-label={props.valueLabel}
          data-testid="token-value"
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" class="button button--primary" onClick={copy} data-testid="token-copy">
          {copied.value === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copied.value === 'failed' && <p class="field__hint">The browser refused the clipboard: the token is selected, press Ctrl+C.</p>}
      <p class="field__hint">{props.usage}</p>
      <button type="button" class="button" onClick={props.onDone} data-testid="token-reveal-done">
        I have stored it safely
      </button>
    </section>
  );
}
