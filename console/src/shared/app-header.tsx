import { Brand } from './brand.js';
import { HeaderClock } from './header-clock.js';
import { NavBar } from './nav-bar.js';
import { UserMenu } from './user-menu.js';

/** Brand, navigation, clock and the signed-in user. */
export function AppHeader() {
  return (
    <header class="app-header">
      <Brand />
      <NavBar />
      <span class="app-header__spacer" />
      <HeaderClock />
      <UserMenu />
    </header>
  );
}
