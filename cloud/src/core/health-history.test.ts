import { describe, expect, it } from 'vitest';
import { groupHealthHistory, healthStateOf } from './health-history.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-01T00:00:00Z');

describe('health history', () => {
  it('maps each health label to the state it stands for', () => {
    expect(['camera-offline', 'agent-offline', 'camera-stalled', 'camera-frozen', 'storage-evicted', 'motion'].map(healthStateOf)).toEqual([
      'offline', 'offline', 'stalled', 'frozen', 'evicted', undefined,
    ]);
  });

  it('groups events by subject, clips starts to the window and keeps subjects without events', () => {
    const history = groupHealthHistory(
      { cameraIds: ['door', 'yard'], agentIds: ['agent-1'] },
      [
        { id: 'e1', label: 'camera-offline', cameraId: 'door', agentId: 'agent-1', startedAt: T0 - HOUR, endedAt: T0 + HOUR, reason: 'no-recent-segment', source: 'cloud' },
        { id: 'e2', label: 'agent-offline', cameraId: null, agentId: 'agent-1', startedAt: T0 + 2 * HOUR, endedAt: null, reason: 'no-heartbeat', source: 'cloud' },
        { id: 'e3', label: 'camera-stalled', cameraId: 'door', agentId: 'agent-1', startedAt: T0 + 3 * HOUR, endedAt: T0 + 4 * HOUR, reason: null, source: 'edge' },
        { id: 'e4', label: 'camera-offline', cameraId: 'elsewhere', agentId: null, startedAt: T0, endedAt: null, reason: null, source: 'cloud' },
      ],
      { from: T0, to: T0 + 24 * HOUR },
      false,
    );
    expect(history.cameras).toEqual([
      {
        id: 'door',
        periods: [
          { eventId: 'e1', label: 'camera-offline', state: 'offline', from: new Date(T0).toISOString(), to: new Date(T0 + HOUR).toISOString(), reason: 'no-recent-segment', source: 'cloud' },
          { eventId: 'e3', label: 'camera-stalled', state: 'stalled', from: new Date(T0 + 3 * HOUR).toISOString(), to: new Date(T0 + 4 * HOUR).toISOString(), reason: null, source: 'edge' },
        ],
      },
      { id: 'yard', periods: [] },
    ]);
    expect(history.agents).toEqual([{ id: 'agent-1', periods: [expect.objectContaining({ eventId: 'e2', state: 'offline', to: null })] }]);
    expect(history).toMatchObject({ from: new Date(T0).toISOString(), to: new Date(T0 + 24 * HOUR).toISOString(), truncated: false });
  });
});
