import type { AgentHealth, EventRecord, HealthHistoryResponse, LiveSessionsResponse, SiteHealthResponse } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { AgentRevokeDialog } from '../admin/agent-revoke-dialog.js';
import { AgentRow } from '../admin/agent-row.js';
import { isHealthEvent } from '../shared/event-family.js';
import { FormError } from '../shared/form-error.js';
import type { TableColumn } from '../shared/resource-table.js';
import type { Resource } from '../shared/use-resource.js';
import { CAMERA_REFRESH_MS } from '../store/cameras.js';
import { now } from '../store/clock.js';
import { onLive, onLiveGap } from '../store/live.js';
import { can } from '../store/session.js';
import { CameraHealthRow } from './camera-health-row.js';
import { openHealthLabels } from './health-bands.js';
import { liveUsageByCamera } from './live-usage.js';
import { HealthStrip } from './health-strip.js';

const AGENT_COLUMNS: readonly TableColumn[] = [
  { label: 'Agent' },
  { label: 'Status' },
  { label: 'Last heartbeat' },
  { label: 'Version' },
  { label: 'Clock skew', title: 'Cloud clock minus agent clock' },
  { label: 'Spool', title: 'Segments and bytes waiting to upload' },
  { label: 'Disk free' },
  { label: 'Actions', hidden: true },
];

const CAMERA_COLUMNS: readonly TableColumn[] = [
  { label: 'Camera' },
  { label: 'Status' },
  { label: 'State', title: 'Recorder state the agent reported' },
  { label: 'FPS' },
  { label: 'Bitrate' },
  { label: 'Last segment' },
  { label: 'Open health events' },
];

/** Shown to those who manage the site (GET /api/live/sessions is site.manage). */
const LIVE_COLUMN: TableColumn = { label: 'Live view', title: 'Viewers of the camera\'s live view and the bytes per second its push brings in' };

/** Does this live event change what the page of `siteId` shows? */
function concernsSite(event: EventRecord, siteId: string, health: SiteHealthResponse | undefined): boolean {
  if (!isHealthEvent(event.label)) return false;
  if (event.siteId === siteId) return true;
  // The legacy agent has no site: its agent-offline events carry none.
  return (event.agentId !== null && health?.agents.some((a) => a.id === event.agentId) === true)
    || (event.cameraId !== null && health?.cameras.some((c) => c.id === event.cameraId) === true);
}

/**
 * One site's health: its agents and cameras now, and each one's history
 * strip. Reloads when a health event of the site arrives on the live
 * channel, when the channel may have missed some, and every
 * CAMERA_REFRESH_MS for what changes without an event (rates, ages).
 */
export function SiteHealthView(props: {
  siteId: string;
  health: Resource<SiteHealthResponse>;
  history: Resource<HealthHistoryResponse>;
  /** Open live sessions, for those with site.manage; undefined hides the column. */
  live: Resource<LiveSessionsResponse> | undefined;
  onNotice(notice: string): void;
}) {
  const { siteId, health, history, live } = props;
  const revoking = useSignal<AgentHealth | null>(null);
  const canRevoke = can('agent.revoke');

  useEffect(() => {
    const reload = (): void => {
      void health.reload();
      void history.reload();
      void live?.reload();
    };
    const timer = setInterval(reload, CAMERA_REFRESH_MS);
    const offEvent = onLive('event', (event) => {
      if (concernsSite(event, siteId, health.data.peek())) reload();
    });
    const offGap = onLiveGap(reload);
    return () => {
      clearInterval(timer);
      offEvent();
      offGap();
    };
  }, [siteId]);

  const data = health.data.value;
  const past = history.data.value;
  const nowMs = now.value.getTime();
  const cameraPeriods = new Map(past?.cameras.map((c) => [c.id, c.periods]));
  const agentPeriods = new Map(past?.agents.map((a) => [a.id, a.periods]));
  const liveUsage = live === undefined ? undefined : liveUsageByCamera(live.data.value?.sessions ?? []);
  const cameraColumns = live === undefined ? CAMERA_COLUMNS : [...CAMERA_COLUMNS, LIVE_COLUMN];
  const window = past === undefined ? undefined : { from: Date.parse(past.from), to: Date.parse(past.to) };

  return (
    <>
      <FormError error={health.error.value} message={`Could not load the site's health: ${health.error.value?.message ?? ''}`} />
      <section class="panel table-panel" aria-labelledby="health-agents-title">
        <div class="panel__header">
          <h2 class="panel__title" id="health-agents-title">Agents</h2>
          <span class="panel__count">{data === undefined ? '' : `${data.agents.filter((a) => a.online).length} of ${data.agents.length} online`}</span>
        </div>
        <table class="table" data-testid="health-agent-table">
          <Head columns={AGENT_COLUMNS} />
          <tbody>
            {data?.agents.length === 0 && <Empty columns={AGENT_COLUMNS.length} text="No agent reports this site yet" />}
            {data?.agents.map((agent) => (
              <AgentRow key={agent.id} agent={agent} nowMs={nowMs} sites={null} canRevoke={canRevoke} onRevoke={(a) => (revoking.value = a)} />
            ))}
          </tbody>
        </table>
      </section>
      <section class="panel table-panel" aria-labelledby="health-cameras-title">
        <div class="panel__header">
          <h2 class="panel__title" id="health-cameras-title">Cameras</h2>
          <span class="panel__count">{data === undefined ? '' : `${data.cameras.filter((c) => c.online).length} of ${data.cameras.length} online`}</span>
        </div>
        <table class="table" data-testid="health-camera-table">
          <Head columns={cameraColumns} />
          <tbody>
            {data?.cameras.length === 0 && <Empty columns={cameraColumns.length} text="No cameras at this site" />}
            {data?.cameras.map((camera) => (
              <CameraHealthRow key={camera.id} camera={camera} nowMs={nowMs} openEvents={openHealthLabels(cameraPeriods.get(camera.id))} showLive={liveUsage !== undefined} live={liveUsage?.get(camera.id)} />
            ))}
          </tbody>
        </table>
      </section>
      <section class="panel health-history" aria-labelledby="health-history-title" data-testid="health-history">
        <div class="panel__header">
          <h2 class="panel__title" id="health-history-title">Last 24 hours</h2>
          <span class="health-legend" aria-hidden="true">
            {(['online', 'offline', 'stalled', 'frozen', 'evicted'] as const).map((state) => (
              <span key={state} class="health-legend__item">
                <span class={`health-legend__swatch health-strip__band--${state}`} />
                {state}
              </span>
            ))}
          </span>
        </div>
        <FormError error={history.error.value} message={`Could not load the health history: ${history.error.value?.message ?? ''}`} />
        {window !== undefined && data !== undefined && (
          <ul class="health-history__list">
            {data.agents.map((agent) => (
              <li key={`agent-${agent.id}`} class="health-history__row">
                <span class="health-history__name" title={agent.id}>Agent {agent.name}</span>
                <HealthStrip label={`Agent ${agent.name}`} periods={agentPeriods.get(agent.id) ?? []} window={window} testId="agent-health-strip" subjectId={agent.id} />
              </li>
            ))}
            {data.cameras.map((camera) => (
              <li key={`camera-${camera.id}`} class="health-history__row">
                <span class="health-history__name" title={camera.id}>{camera.name}</span>
                <HealthStrip label={camera.name} periods={cameraPeriods.get(camera.id) ?? []} window={window} testId="camera-health-strip" subjectId={camera.id} />
              </li>
            ))}
          </ul>
        )}
        {past?.truncated === true && <p class="muted health-history__note">Only the newest health events are drawn.</p>}
      </section>
      {revoking.value !== null && (
        <AgentRevokeDialog
          agent={revoking.value}
          onRevoked={(agent) => {
            props.onNotice(`Revoked the credential of ${agent.name}. Create an enrollment token to enrol it again.`);
            void health.reload();
          }}
          onClose={() => (revoking.value = null)}
        />
      )}
    </>
  );
}

function Head({ columns }: { columns: readonly TableColumn[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column.label} scope="col" title={column.title}>
            {column.hidden === true ? <span class="visually-hidden">{column.label}</span> : column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function Empty({ columns, text }: { columns: number; text: string }) {
  return (
    <tr>
      <td colSpan={columns} class="table__empty">
        {text}
      </td>
    </tr>
  );
}
