import { alertNotifications, setAlertNotifications } from './alert-notifications.js';

/** Desktop notifications for new alerts: on or off, for this browser (alert-notifications.ts). */
export function NotificationToggle() {
  const choice = alertNotifications.value;
  if (choice === 'unsupported') return null;
  if (choice === 'denied') {
    return (
      <span class="muted" title="The browser blocks notifications for this site: allow them in its site settings">
        Notifications blocked
      </span>
    );
  }
  const on = choice === 'on';
  return (
    <button type="button" class="button" aria-pressed={on} data-testid="alert-notifications" onClick={() => void setAlertNotifications(!on)}>
      {on ? 'Notifications on' : 'Notify me'}
    </button>
  );
}
