import type { ProbeCameraResult } from '@argus/contracts';

/** The camera's media profiles with their sizes and encodings, and which one is recorded and which one feeds detection. */
export function ProfilesTable({ probe }: { probe: ProbeCameraResult }) {
  if (probe.profiles.length === 0) {
    return (
      <p class="page-notice" data-testid="onboarding-rtsp-streams">
        Plain RTSP: records {probe.main}
        {probe.sub !== undefined && `, detects on ${probe.sub}`}.
      </p>
    );
  }
  return (
    <table class="table table--dense" data-testid="onboarding-profiles">
      <thead>
        <tr>
          <th>Profile</th>
          <th>Resolution</th>
          <th>Encoding</th>
          <th>Use</th>
        </tr>
      </thead>
      <tbody>
        {probe.profiles.map((p) => {
          const uses = [p.token === probe.record ? 'Record' : null, p.token === probe.detect ? 'Detect' : null].filter((u) => u !== null);
          return (
            <tr key={p.token} data-testid={`profile-${p.token}`}>
              <td>
                {p.name} <span class="muted">({p.token})</span>
              </td>
              <td>{p.width > 0 ? `${p.width}×${p.height}` : '—'}</td>
              <td>{p.encoding ?? '—'}</td>
              <td data-testid={`profile-use-${p.token}`}>{uses.length > 0 ? uses.join(', ') : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
