import { useSignal } from '@preact/signals';
import { ChoiceFilter } from '../shared/filter-selects.js';
import { ResourcePage } from '../shared/resource-page.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { can } from '../store/session.js';
import { EnrollmentTokenButton } from './enrollment-token-button.js';
import { SiteHealthView } from './site-health-view.js';

/** The history the page draws (hours): the last day. */
const HISTORY_HOURS = 24;

/**
 * Site health (camera.view): pick a site, see its agents and cameras now and
 * over the last day, live. Those with site.manage create enrollment tokens
 * here and see each camera's live views (viewers, bytes per second);
 * those with agent.revoke revoke an agent's credential.
 */
export function HealthPage() {
  const sites = useResource((signal) => api.listSites(signal));
  const chosen = useSignal<string | undefined>(undefined);
  const notice = useSignal<string | null>(null);
  const list = sites.data.value;
  const siteId = chosen.value ?? list?.[0]?.id;
  return (
    <ResourcePage
      title="Health"
      description={list?.length === 0 ? 'No sites yet: agents and cameras appear here once a site records.' : 'Agents and cameras of a site, now and over the last day.'}
      resource={sites}
      notice={notice.value}
    >
      {list !== undefined && list.length > 0 && siteId !== undefined && (
        <div class="health-toolbar">
          <ChoiceFilter
            id="health-site"
            label="Site"
            choices={list.map((s) => ({ id: s.id, label: `${s.name} (${s.camerasOnline} of ${s.cameras} cameras online)` }))}
            value={siteId}
            onChange={(id) => {
              chosen.value = id;
              notice.value = null;
            }}
          />
          {can('site.manage') && <EnrollmentTokenButton key={siteId} siteId={siteId} />}
        </div>
      )}
      {siteId !== undefined && <SiteHealth key={siteId} siteId={siteId} onNotice={(text) => (notice.value = text)} />}
    </ResourcePage>
  );
}

/** Loads one site's health and history; keyed by site, so switching sites starts afresh. */
function SiteHealth(props: { siteId: string; onNotice(notice: string): void }) {
  const health = useResource((signal) => api.siteHealth(props.siteId, signal), [props.siteId]);
  const history = useResource((signal) => api.siteHealthHistory(props.siteId, HISTORY_HOURS, signal), [props.siteId]);
  const manages = can('site.manage');
  const live = useResource((signal) => (manages ? api.liveSessions(signal) : Promise.resolve({ sessions: [] })), [props.siteId]);
  return <SiteHealthView siteId={props.siteId} health={health} history={history} live={manages ? live : undefined} onNotice={props.onNotice} />;
}
