import { signal } from '@preact/signals';
import type { AlertRecord } from '@argus/contracts';
import { navigate } from '../store/router.js';

/**
 * Optional desktop notifications for new alerts: off until the operator turns
 * them on in the inbox (the browser then asks for permission); the choice is
 * kept in this browser's storage. A notification names the severity, rule,
 * label and camera, and a click brings the console to the inbox. Only alerts
 * that open while the console runs are announced, never the backlog.
 */

const STORAGE_KEY = 'argus.alerts.notify';

export type NotificationChoice = 'unsupported' | 'off' | 'on' | 'denied';

function supported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

function initial(): NotificationChoice {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return localStorage.getItem(STORAGE_KEY) === 'on' && Notification.permission === 'granted' ? 'on' : 'off';
}

export const alertNotifications = signal<NotificationChoice>(initial());

/** Turns notifications on (asking the browser's permission) or off. */
export async function setAlertNotifications(on: boolean): Promise<void> {
  if (!supported()) return;
  if (!on) {
    localStorage.setItem(STORAGE_KEY, 'off');
    alertNotifications.value = 'off';
    return;
  }
  const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  if (permission !== 'granted') {
    alertNotifications.value = permission === 'denied' ? 'denied' : 'off';
    return;
  }
  localStorage.setItem(STORAGE_KEY, 'on');
  alertNotifications.value = 'on';
}

/** Announces a newly opened alert, when the operator asked for it. */
export function notifyNewAlert(alert: AlertRecord): void {
  if (alertNotifications.peek() !== 'on' || Notification.permission !== 'granted') return;
  const notification = new Notification(`${alert.severity.toUpperCase()}: ${alert.ruleName}`, {
    body: `${alert.label}${alert.cameraId === null ? '' : ` on ${alert.cameraId}`}`,
    tag: alert.id,
  });
  notification.onclick = () => {
    window.focus();
    navigate('/alerts');
  };
}
