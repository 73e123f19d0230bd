import { h } from './dom.js';

/**
 * One visible banner for errors from any part of the console. Each source
 * (camera list, player, range input) sets or clears its own message, so a
 * camera-list recovery does not hide a player failure, and vice versa.
 */

export interface ErrorBannerView {
  readonly element: HTMLElement;
  show(source: string, message: string, code?: string): void;
  clear(source: string): void;
}

export function createErrorBanner(): ErrorBannerView {
  const text = h('span', { className: 'error-banner__text' });
  const dismiss = h('button', {
    className: 'error-banner__dismiss',
    text: '×',
    attrs: { type: 'button', 'aria-label': 'Dismiss error' },
  });
  const element = h('div', { className: 'error-banner', attrs: { role: 'alert', 'data-testid': 'error-banner' } }, [
    h('span', { className: 'error-banner__icon', text: '!', attrs: { 'aria-hidden': 'true' } }),
    text,
    dismiss,
  ]);
  element.hidden = true;

  // Insertion order is kept, so the newest message is the last entry.
  const messages = new Map<string, string>();
  function render(): void {
    const latest = [...messages.values()].at(-1);
    element.hidden = latest === undefined;
    text.textContent = latest ?? '';
    element.dataset['count'] = String(messages.size);
  }
  dismiss.addEventListener('click', () => {
    messages.clear();
    render();
  });

  return {
    element,
    show(source, message, code) {
      messages.delete(source);
      messages.set(source, code === undefined ? message : `${message} (${code})`);
      render();
    },
    clear(source) {
      if (messages.delete(source)) render();
    },
  };
}
