import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { DiscoveredDevice, ProbeCameraResult, SiteSummary } from '@argus/contracts';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { commandSenderFor, connectedAgentOf } from '../shared/agent-commands.js';
import { PageHeader } from '../shared/page-header.js';
import { TextField } from '../shared/text-field.js';
import { api } from '../store/api.js';
import { cameras, startCameraPolling } from '../store/cameras.js';
import { navigate } from '../store/router.js';
import { Field } from '../shared/field.js';
import { formatViewState } from '../view-state.js';
import { DiscoveryList } from './discovery-list.js';
import { OnboardingError } from './onboarding-error.js';
import { cameraIdFromName, parseDiscoveryTarget } from './onboarding-messages.js';
import { ProfilesTable } from './profiles-table.js';

/** The camera being onboarded: an ONVIF device service URL, or RTSP URLs. */
type Source = { kind: 'onvif'; url: string; label: string } | { kind: 'rtsp'; main: string; sub: string | undefined };

/**
 * Add camera (camera.configure): site → the site's agent discovers ONVIF
 * cameras (or an RTSP URL is typed) → credentials, checked by the agent's
 * probe-camera (a wrong password explained) → profiles, the record and
 * detect streams and a preview → name → add-camera. Every step is a
 * control-channel command (audited by the cloud); then the new camera's
 * recording state shows as the camera list reports it.
 */
export function OnboardingPage() {
  useEffect(() => startCameraPolling(), []);
  const sites = useSignal<readonly SiteSummary[] | null>(null);
  const siteId = useSignal('');
  const agent = useSignal<{ id: string; name: string } | null>(null);
  const devices = useSignal<readonly DiscoveredDevice[] | null>(null);
  const target = useSignal('');
  const rtspMain = useSignal('');
  const rtspSub = useSignal('');
  const source = useSignal<Source | null>(null);
  const username = useSignal('');
  const password = useSignal('');
  const probe = useSignal<ProbeCameraResult | null>(null);
  const name = useSignal('');
  const added = useSignal<string | null>(null);
  const busy = useSignal<string | null>(null);
  const error = useSignal<ApiRequestError | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    api.listSites(abort.signal).then(
      (list) => {
        sites.value = list;
        if (list.length === 1) void chooseSite(list[0]!.id);
      },
      (caught: unknown) => (error.value = toApiError(caught)),
    );
    return () => abort.abort();
  }, []);

  /** Runs one step: `busy` names it for the buttons, a failure lands in `error`. */
  const step = async (label: string, action: () => Promise<void>): Promise<void> => {
    if (busy.value !== null) return;
    busy.value = label;
    error.value = null;
    try {
      await action();
    } catch (caught) {
      error.value = toApiError(caught);
    } finally {
      busy.value = null;
    }
  };
  const send = () => commandSenderFor(agent.value!.id);

  const chooseSite = (id: string) =>
    step('site', async () => {
      siteId.value = id;
      agent.value = null;
      devices.value = null;
      source.value = null;
      probe.value = null;
      if (id === '') return;
      const found = await connectedAgentOf(id);
      if (found === undefined) throw new Error(`No agent of site ${id} is connected: start or enrol one first.`);
      agent.value = found;
    });
  const discover = (event?: Event) => {
    event?.preventDefault();
    return step('discover', async () => {
      const typed = target.value.trim();
      const unicast = typed === '' ? undefined : parseDiscoveryTarget(typed);
      if (typed !== '' && unicast === undefined) throw new Error(`"${typed}" is not an address (host or host:port)`);
      const result = await send()('discover', { timeoutMs: 3000, ...(unicast ? { targets: [unicast] } : {}) });
      devices.value = result.devices;
    });
  };
  const chooseDevice = (device: DiscoveredDevice) => {
    source.value = { kind: 'onvif', url: device.xaddrs[0]!, label: device.name ?? device.urn };
    probe.value = null;
    error.value = null;
    if (name.value === '' && device.name !== undefined) name.value = device.name;
  };
  const chooseRtsp = (event: Event) => {
    event.preventDefault();
    source.value = { kind: 'rtsp', main: rtspMain.value.trim(), sub: rtspSub.value.trim() === '' ? undefined : rtspSub.value.trim() };
    probe.value = null;
    error.value = null;
  };
  const credentials = () => ({ ...(username.value === '' ? {} : { username: username.value }), password: password.value });
  const connect = (event: Event) => {
    event.preventDefault();
    return step('connect', async () => {
      const s = source.value!;
      probe.value = null;
      const where = s.kind === 'onvif' ? { onvif: s.url } : { main: s.main, ...(s.sub === undefined ? {} : { sub: s.sub }) };
      probe.value = await send()('probe-camera', { ...where, ...credentials(), preview: true });
    });
  };
  const add = (event: Event) => {
    event.preventDefault();
    return step('add', async () => {
      const s = source.value!;
      const id = cameraIdFromName(name.value);
      const where = s.kind === 'onvif' ? { onvif: s.url } : { main: s.main, ...(s.sub === undefined ? {} : { sub: s.sub }) };
      await send()('add-camera', { id, name: name.value.trim(), ...where, ...credentials() });
      added.value = id;
    });
  };

  const addedId = added.value;
  if (addedId !== null) {
    const listed = cameras.value?.find((c) => c.id === addedId);
    const recording = listed !== undefined && listed.lastSegmentAt !== null;
    return (
      <section class="page onboarding" aria-labelledby="page-title" data-testid="onboarding-done">
        <PageHeader title="Camera added" description={`${name.value} (${addedId}) is on ${agent.value?.name ?? 'the agent'}.`} />
        <p class="page-notice" data-testid="onboarding-recording" data-state={recording ? 'recording' : 'waiting'}>
          {recording ? `Recording: the last segment ends ${new Date(listed.lastSegmentAt!).toLocaleTimeString()}.` : 'Waiting for its first recorded segment…'}
        </p>
        <div class="onboarding__actions">
          <button type="button" class="button button--primary" data-testid="onboarding-view" onClick={() => navigate(`/${formatViewState({ kind: 'live', cameraId: addedId })}`)}>
            Watch it live
          </button>
          <button type="button" class="button" onClick={() => {
              added.value = null;
              source.value = null;
              probe.value = null;
              name.value = '';
              password.value = '';
            }}>
            Add another
          </button>
        </div>
      </section>
    );
  }

  const s = source.value;
  const p = probe.value;
  return (
    <section class="page onboarding" aria-labelledby="page-title" data-testid="onboarding-page">
      <PageHeader title="Add camera" description="Through the site's agent: find the camera, check its credentials and streams, name it." />

      <div class="panel onboarding__step" data-testid="onboarding-site">
        <h3 class="panel__title">1. Site</h3>
        <Field id="onboarding-site-select" label="Site">
          <select id="onboarding-site-select" class="input" data-testid="onboarding-site-select" value={siteId.value} disabled={busy.value !== null} onChange={(e) => void chooseSite(e.currentTarget.value)}>
            <option value="">Choose a site…</option>
            {(sites.value ?? []).map((site) => (
              <option key={site.id} value={site.id}>
                {site.name} ({site.agentsOnline}/{site.agents} agents online)
              </option>
            ))}
          </select>
        </Field>
        {agent.value !== null && <p class="muted" data-testid="onboarding-agent">Agent: {agent.value.name}</p>}
      </div>

      {agent.value !== null && (
        <div class="panel onboarding__step" data-testid="onboarding-find">
          <h3 class="panel__title">2. Find the camera</h3>
          <form class="onboarding__row" onSubmit={discover}>
            <TextField id="onboarding-target" label="Address to ask (optional, host:port)" hint="Empty: the agent asks its whole network." value={target} testId="onboarding-target" />
            <button type="submit" class="button" data-testid="onboarding-discover" disabled={busy.value !== null}>
              {busy.value === 'discover' ? 'Searching…' : 'Search for ONVIF cameras'}
            </button>
          </form>
          {devices.value !== null && <DiscoveryList devices={devices.value} onChoose={chooseDevice} />}
          <form class="onboarding__row" onSubmit={chooseRtsp}>
            <TextField id="onboarding-rtsp-main" label="Or an RTSP URL (recorded)" value={rtspMain} testId="onboarding-rtsp-main" placeholder="rtsp://192.168.1.20:554/stream1" />
            <TextField id="onboarding-rtsp-sub" label="Detection stream (optional)" value={rtspSub} testId="onboarding-rtsp-sub" />
            <button type="submit" class="button" data-testid="onboarding-use-rtsp" disabled={rtspMain.value.trim() === ''}>
              Use this URL
            </button>
          </form>
        </div>
      )}

      {agent.value !== null && s !== null && (
        <form class="panel onboarding__step" data-testid="onboarding-credentials" onSubmit={connect}>
          <h3 class="panel__title">3. Credentials of {s.kind === 'onvif' ? s.label : 'the stream'}</h3>
          <div class="onboarding__row">
            <TextField id="onboarding-username" label="Camera username" value={username} testId="onboarding-username" autocomplete="off" />
            <TextField id="onboarding-password" label="Camera password" type="password" value={password} testId="onboarding-password" autocomplete="new-password" />
            <button type="submit" class="button button--primary" data-testid="onboarding-connect" disabled={busy.value !== null}>
              {busy.value === 'connect' ? 'Connecting…' : 'Connect'}
            </button>
          </div>
        </form>
      )}

      <OnboardingError error={error.value} />

      {p !== null && s !== null && (
        <form class="panel onboarding__step" data-testid="onboarding-review" onSubmit={add}>
          <h3 class="panel__title">4. Streams and name</h3>
          <div class="onboarding__review">
            <ProfilesTable probe={p} />
            {p.preview !== undefined ? (
              <img class="onboarding__preview" data-testid="onboarding-preview" alt="What the camera sees now" src={`data:${p.preview.contentType};base64,${p.preview.base64}`} />
            ) : (
              <p class="muted">No preview.</p>
            )}
          </div>
          {p.ptz && <p class="muted">This camera has pan / tilt / zoom.</p>}
          <div class="onboarding__row">
            <TextField id="onboarding-name" label="Name" value={name} testId="onboarding-name" required maxLength={200} />
            <p class="muted" data-testid="onboarding-id">
              Id: {cameraIdFromName(name.value)}
            </p>
            <button type="submit" class="button button--primary" data-testid="onboarding-add" disabled={busy.value !== null || name.value.trim() === ''}>
              {busy.value === 'add' ? 'Adding…' : 'Add camera'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
