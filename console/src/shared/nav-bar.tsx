import { visibleRoutes } from '../routes.js';
import { currentLocation } from '../store/router.js';
import { permissions } from '../store/session.js';
import { Link } from './link.js';

/** The screens the signed-in principal may open; nothing else is offered. */
export function NavBar() {
  const path = currentLocation.value.path;
  return (
    <nav class="app-nav" aria-label="Main">
      {visibleRoutes(permissions.value).map((route) => (
        <Link
          key={route.id}
          href={route.path}
          class="app-nav__link"
          data-testid={`nav-${route.id}`}
          aria-current={path === route.path ? 'page' : undefined}
        >
          {route.label}
        </Link>
      ))}
    </nav>
  );
}
