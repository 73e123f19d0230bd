import type { DiscoveredDevice } from '@argus/contracts';

/** What the agent's WS-Discovery found: one row per device, chosen with its button. */
export function DiscoveryList({ devices, onChoose }: { devices: readonly DiscoveredDevice[]; onChoose: (device: DiscoveredDevice) => void }) {
  if (devices.length === 0) return <p class="page-notice" data-testid="discovery-empty">No ONVIF camera answered. Give its address below, or an RTSP URL.</p>;
  return (
    <table class="table table--dense" data-testid="discovery-list">
      <thead>
        <tr>
          <th>Camera</th>
          <th>Model</th>
          <th>Service address</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {devices.map((device) => (
          <tr key={device.urn} data-testid="discovered-device" data-name={device.name ?? ''}>
            <td>{device.name ?? device.urn}</td>
            <td>{device.hardware ?? '—'}</td>
            <td class="mono">{device.xaddrs[0] ?? '—'}</td>
            <td>
              <button type="button" class="button button--small" disabled={device.xaddrs.length === 0} onClick={() => onChoose(device)}>
                Choose
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
