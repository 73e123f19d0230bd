import type { ComponentChildren } from 'preact';

/** Full-page message before the console can show anything (checking the session, cloud unreachable). */
export function StatusScreen(props: { title: string; children?: ComponentChildren; busy?: boolean }) {
  return (
    <main class="status-screen" aria-busy={props.busy === true}>
      <div class="status-screen__card">
        <div class="brand brand--large">
          <span class="brand__mark" aria-hidden="true" />
          <span class="brand__name">Argus</span>
        </div>
        <p class="status-screen__title" role="status">
          {props.title}
        </p>
        {props.children}
      </div>
    </main>
  );
}
