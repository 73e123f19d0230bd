import { bannerMessages, clearAllErrors } from '../store/banner.js';

/** The one banner for errors from any part of the console; shows the newest message. */
export function ErrorBanner() {
  const messages = bannerMessages.value;
  const latest = messages.at(-1);
  return (
    <div class="error-banner" role="alert" data-testid="error-banner" data-count={messages.length} hidden={latest === undefined}>
      <span class="error-banner__icon" aria-hidden="true">
        !
      </span>
      <span class="error-banner__text">{latest?.text ?? ''}</span>
      {messages.length > 1 && <span class="error-banner__more">+{messages.length - 1} more</span>}
      <button type="button" class="error-banner__dismiss" aria-label="Dismiss error" onClick={clearAllErrors}>
        ×
      </button>
    </div>
  );
}
