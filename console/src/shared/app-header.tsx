import { HeaderClock } from './header-clock.js';
import { NavBar } from './nav-bar.js';
import { UserMenu } from './user-menu.js';

/** Brand, navigation, clock and the signed-in user. */
export function AppHeader() {
  return (
    <header class="app-header">
      <div class="brand">
        <span class="brand__mark" aria-hidden="true" />
        <h1 class="brand__name">Argus</h1>
        <span class="brand__product">Operator console</span>
      </div>
      <NavBar />
      <span class="app-header__spacer" />
      <HeaderClock />
      <UserMenu />
    </header>
  );
}
