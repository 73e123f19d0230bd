import type { AlertRecord } from '@argus/contracts';
import { eventFamily } from '../shared/event-family.js';
import { Link } from '../shared/link.js';
import { formatWallClock } from '../time-format.js';
import { EVENT_LEAD_MS, playRangeForEvent } from '../timeline/timeline-layout.js';
import { formatViewState } from '../view-state.js';
import { ALERT_STATE_NAMES } from './alerts-filter.js';

export type AlertAction = 'acknowledge' | 'resolve' | 'assign';

/**
 * One alert in the inbox: its severity (colour and word), rule, label,
 * camera, when the event started, the event's snapshot, its state and who
 * handled it, and the note. The snapshot and *Play* open the camera's
 * recording from a few seconds before the event, the deep link the Events
 * page uses. Actions show only to those who may handle alerts.
 */
export function AlertRow(props: {
  alert: AlertRecord;
  cameraName: string | undefined;
  /** The signed-in user's email, to offer "Assign to me" and say "you". */
  myEmail: string | undefined;
  canHandle: boolean;
  busy: boolean;
  onAction(action: AlertAction, alert: AlertRecord): void;
}) {
  const { alert, canHandle } = props;
  const camera = props.cameraName ?? alert.cameraId ?? 'no camera';
  const when = formatWallClock(new Date(alert.eventStartedAt));
  const href = alert.cameraId === null ? null : playHref(alert.cameraId, alert);
  const assignedToMe = alert.assignee !== null && alert.assignee === props.myEmail;
  const thumb =
    alert.snapshotUrl === null ? (
      <div class="alert-row__no-thumb">No snapshot</div>
    ) : (
      <img class="alert-row__image" data-testid="alert-thumbnail" src={alert.snapshotUrl} alt={`Snapshot of ${alert.label} on ${camera} at ${when}`} loading="lazy" />
    );
  return (
    <li class={`alert-row alert-row--${alert.severity}`} data-testid="alert-row" data-alert-id={alert.id} data-state={alert.state} data-severity={alert.severity}>
      {href === null ? (
        <div class="alert-row__thumb">{thumb}</div>
      ) : (
        <Link href={href} class="alert-row__thumb" data-testid="alert-snapshot-link" aria-label={`Play ${camera} from ${EVENT_LEAD_MS / 1000} s before the ${alert.label}`}>
          {thumb}
        </Link>
      )}
      <div class="alert-row__body">
        <div class="alert-row__top">
          <span class={`severity-chip severity-chip--${alert.severity}`} data-testid="alert-severity">
            {alert.severity}
          </span>
          <span class="alert-row__rule" data-testid="alert-rule">
            {alert.ruleName}
          </span>
          <span class={`event-chip event-chip--${eventFamily(alert.label)}`} data-testid="alert-label">
            {alert.label}
          </span>
        </div>
        <div class="alert-row__meta">
          <span data-testid="alert-camera">{camera}</span> · <time dateTime={alert.eventStartedAt}>{when}</time>
        </div>
        <History alert={alert} myEmail={props.myEmail} />
        {alert.note !== null && (
          <p class="alert-row__note" data-testid="alert-note">
            {alert.note}
          </p>
        )}
      </div>
      <div class="alert-row__side">
        <span class={`alert-state alert-state--${alert.state}`} data-testid="alert-state">
          {ALERT_STATE_NAMES[alert.state]}
        </span>
        <div class="alert-row__actions">
          {href !== null && (
            <Link href={href} class="button button--small" data-testid="alert-play">
              Play
            </Link>
          )}
          {canHandle && alert.state === 'open' && (
            <button type="button" class="button button--small button--primary" data-testid="alert-acknowledge" disabled={props.busy} onClick={() => props.onAction('acknowledge', alert)}>
              Acknowledge
            </button>
          )}
          {canHandle && alert.state !== 'resolved' && (
            <button type="button" class="button button--small" data-testid="alert-resolve" disabled={props.busy} onClick={() => props.onAction('resolve', alert)}>
              Resolve
            </button>
          )}
          {canHandle && alert.state !== 'resolved' && !assignedToMe && props.myEmail !== undefined && (
            <button type="button" class="button button--small button--quiet" data-testid="alert-assign" disabled={props.busy} onClick={() => props.onAction('assign', alert)}>
              Assign to me
            </button>
          )}
        </div>
      </div>
    </li>
  );
}

/** Who acknowledged, resolved and holds the alert, and when. */
function History({ alert, myEmail }: { alert: AlertRecord; myEmail: string | undefined }) {
  const parts: string[] = [];
  if (alert.acknowledgedAt !== null) parts.push(`Acknowledged ${formatWallClock(new Date(alert.acknowledgedAt)).slice(11, 19)} by ${actorName(alert.acknowledgedBy)}`);
  if (alert.resolvedAt !== null) parts.push(`Resolved ${formatWallClock(new Date(alert.resolvedAt)).slice(11, 19)} by ${actorName(alert.resolvedBy)}`);
  if (alert.assignee !== null) parts.push(`Assigned to ${alert.assignee === myEmail ? 'you' : alert.assignee}`);
  if (parts.length === 0) return null;
  return (
    <div class="alert-row__history" data-testid="alert-history">
      {parts.join(' · ')}
    </div>
  );
}

/** Actors come as the audit log names them (`user:<email>`, `token:<name> (<id>)`): people by their email. */
function actorName(actor: string | null): string {
  if (actor === null) return 'someone';
  return actor.startsWith('user:') ? actor.slice('user:'.length) : actor;
}

/** The Cameras screen's range view from EVENT_LEAD_MS before the alert's event. */
function playHref(cameraId: string, alert: AlertRecord): string {
  const range = playRangeForEvent({ startedAt: alert.eventStartedAt });
  return `/${formatViewState({ kind: 'range', cameraId, from: new Date(range.from), to: new Date(range.to) })}`;
}
