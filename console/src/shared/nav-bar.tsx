import { visibleRoutes } from '../routes.js';
import { openAlertCount, openAlertsCapped } from '../store/open-alerts.js';
import { currentLocation } from '../store/router.js';
import { permissions } from '../store/session.js';
import { Link } from './link.js';

/** The screens the signed-in principal may open; nothing else is offered. Alerts carry the count of open ones. */
export function NavBar() {
  const path = currentLocation.value.path;
  return (
    <nav class="app-nav" aria-label="Main">
      {visibleRoutes(permissions.value).map((route) => {
        const count = route.id === 'alerts' ? openAlertCount.value : null;
        const shown = count === null || count === 0 ? null : `${count}${openAlertsCapped.value ? '+' : ''}`;
        return (
          <Link
            key={route.id}
            href={route.path}
            class="app-nav__link"
            data-testid={`nav-${route.id}`}
            aria-current={path === route.path ? 'page' : undefined}
            title={shown === null ? undefined : `${shown} open ${count === 1 ? 'alert' : 'alerts'}`}
          >
            {route.label}
            {/* Hidden from the link's accessible name, which stays the screen's; the title says it in words. */}
            {shown !== null && (
              <span class="nav-count" data-testid="open-alert-count" aria-hidden="true">
                {shown}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
