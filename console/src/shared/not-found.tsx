import { Link } from './link.js';

/** An unknown path inside the console. */
export function NotFound() {
  return (
    <section class="notice-page" data-testid="not-found">
      <h2 class="notice-page__title">Page not found</h2>
      <p class="notice-page__text">There is no such page in the console.</p>
      <Link href="/" class="button">
        Back to cameras
      </Link>
    </section>
  );
}
