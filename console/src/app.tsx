import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { AgentsPage } from './admin/agents-page.js';
import { AuditPage } from './admin/audit-page.js';
import { TokensPage } from './admin/tokens-page.js';
import { UsersPage } from './admin/users-page.js';
import { AlertsPage } from './alerts/alerts-page.js';
import { CamerasPage } from './cameras/cameras-page.js';
import { EventsPage } from './events/events-page.js';
import { HealthPage } from './health/health-page.js';
import { ExportsPage } from './evidence/exports-page.js';
import { LoginPage } from './login/login-page.js';
import { OnboardingPage } from './onboarding/onboarding-page.js';
import { LOGIN_PATH, matchRoute, type RouteId } from './routes.js';
import { AppHeader } from './shared/app-header.js';
import { ErrorBanner } from './shared/error-banner.js';
import { NotFound } from './shared/not-found.js';
import { RulesPage } from './rules/rules-page.js';
import { RequirePermission } from './shared/require-permission.js';
import { SearchPage } from './search/search-page.js';
import { StatusScreen } from './shared/status-screen.js';
import { WallPage } from './wall/wall-page.js';
import { startLive } from './store/live.js';
import { startOpenAlerts } from './store/open-alerts.js';
import { currentLocation, navigate } from './store/router.js';
import { checkSession, session } from './store/session.js';
import { WebhooksPage } from './webhooks/webhooks-page.js';

const SCREENS: Record<RouteId, ComponentType> = {
  cameras: CamerasPage,
  wall: WallPage,
  'add-camera': OnboardingPage,
  events: EventsPage,
  search: SearchPage,
  alerts: AlertsPage,
  health: HealthPage,
  exports: ExportsPage,
  rules: RulesPage,
  users: UsersPage,
  tokens: TokensPage,
  webhooks: WebhooksPage,
  agents: AgentsPage,
  audit: AuditPage,
};

/**
 * The whole console: the login page while nobody is signed in (at any URL,
 * so a deep link survives signing in), otherwise the header and the screen
 * the URL names, if the principal may see it.
 */
export function App() {
  const current = session.value;
  switch (current.status) {
    case 'checking':
      return <StatusScreen title="Connecting to the cloud…" busy />;
    case 'unreachable':
      return (
        <StatusScreen title="The console cannot reach the cloud">
          <p class="status-screen__detail" data-testid="unreachable-detail">
            {current.error.message} ({current.error.code})
          </p>
          <button type="button" class="button button--primary" onClick={() => void checkSession()}>
            Try again
          </button>
        </StatusScreen>
      );
    case 'signed-out':
      return <LoginPage notice={current.notice} />;
    case 'signed-in':
      return <Shell />;
  }
}

function Shell() {
  // The live channel and the open-alert count run while someone is signed in: the shell mounts at sign-in and unmounts at sign-out.
  useEffect(() => {
    const stopCount = startOpenAlerts();
    const stopLive = startLive();
    return () => {
      stopLive();
      stopCount();
    };
  }, []);
  const { path } = currentLocation.value;
  // Signed in already: the login URL has nothing to show.
  if (path === LOGIN_PATH) return <Redirect to="/" />;
  const route = matchRoute(path);
  const Screen = route === undefined ? null : SCREENS[route.id];
  return (
    <>
      <AppHeader />
      <ErrorBanner />
      <main class="app-main" data-screen={route?.id ?? 'not-found'}>
        {route === undefined || Screen === null ? (
          <NotFound />
        ) : (
          <RequirePermission permission={route.permission} screen={route.label}>
            <Screen key={route.id} />
          </RequirePermission>
        )}
      </main>
    </>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
