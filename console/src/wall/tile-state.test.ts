import { describe, expect, it } from 'vitest';
import type { CameraSummary } from '@argus/contracts';
import {
  ALERT_HIGHLIGHT_MS,
  FROZEN_AFTER_MS,
  applyAlert,
  applyHealthEvent,
  isHighlighted,
  isStalled,
  withOpenHealthEvents,
  tileStatus,
  trackProgress,
  type HealthByCamera,
  type TileInputs,
} from './tile-state.js';

const camera = (id: string, online = true): CameraSummary => ({ id, name: id, siteId: 'default', streams: ['main', 'sub'], lastSegmentAt: null, online, state: null });
const base: TileInputs = { cameraId: 'cam-1', cameras: [camera('cam-1')], health: undefined, player: { name: 'playing' }, stalled: false };

describe('tile state', () => {
  it('shows an empty tile, loading, then playing', () => {
    expect(tileStatus({ ...base, cameraId: null })).toBe('empty');
    expect(tileStatus({ ...base, player: { name: 'loading' } })).toBe('loading');
    expect(tileStatus({ ...base, cameras: null, player: { name: 'buffering' } })).toBe('loading');
    expect(tileStatus(base)).toBe('playing');
  });

  it('shows no permission for a 403, and for a camera the caller cannot list', () => {
    expect(tileStatus({ ...base, player: { name: 'error', code: 'CLD_ERR_FORBIDDEN' } })).toBe('no-permission');
    expect(tileStatus({ ...base, cameras: [camera('cam-2')] })).toBe('no-permission');
    expect(tileStatus({ ...base, player: { name: 'error', code: 'CLD_ERR_LIVE_TIMEOUT' } })).toBe('error');
  });

  it('shows offline from a health event, or from the list while nothing plays', () => {
    expect(tileStatus({ ...base, health: { offline: true, frozen: false } })).toBe('offline');
    expect(tileStatus({ ...base, cameras: [camera('cam-1', false)], player: { name: 'error', code: 'CLD_ERR_AGENT_NOT_CONNECTED' } })).toBe('offline');
    expect(tileStatus({ ...base, cameras: [camera('cam-1', false)] })).toBe('playing');
  });

  it('shows frozen from a health event or a picture that stopped moving', () => {
    expect(tileStatus({ ...base, health: { offline: false, frozen: true } })).toBe('frozen');
    expect(tileStatus({ ...base, stalled: true })).toBe('frozen');
    expect(tileStatus({ ...base, stalled: true, player: { name: 'loading' } })).toBe('loading');
  });

  it('raises and clears health flags from event phases, ignoring other events', () => {
    let health: HealthByCamera = new Map();
    health = applyHealthEvent(health, { cameraId: 'cam-1', label: 'camera-frozen', phase: 'start' });
    expect(health.get('cam-1')).toEqual({ offline: false, frozen: true });
    health = applyHealthEvent(health, { cameraId: 'cam-1', label: 'camera-offline', phase: 'start' });
    health = applyHealthEvent(health, { cameraId: 'cam-1', label: 'camera-frozen', phase: 'end' });
    expect(health.get('cam-1')).toEqual({ offline: true, frozen: false });
    expect(applyHealthEvent(health, { cameraId: 'cam-1', label: 'person', phase: 'start' })).toBe(health);
    expect(applyHealthEvent(health, { cameraId: null, label: 'agent-offline', phase: 'start' })).toBe(health);
  });

  it('starts from the health events still open when the wall opens', () => {
    const health = withOpenHealthEvents(new Map(), [
      { cameraId: 'cam-1', label: 'camera-offline', endedAt: null },
      { cameraId: 'cam-2', label: 'camera-frozen', endedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    expect([...health]).toEqual([['cam-1', { offline: true, frozen: false }]]);
  });

  it('counts a picture as stalled once its time has not moved for a while', () => {
    let progress = trackProgress(undefined, 1, 0);
    progress = trackProgress(progress, 2, 1_000);
    expect(isStalled(progress, 1_000 + FROZEN_AFTER_MS - 1)).toBe(false);
    progress = trackProgress(progress, 2, 5_000);
    expect(progress.movedAt).toBe(1_000);
    expect(isStalled(progress, 1_000 + FROZEN_AFTER_MS)).toBe(true);
    expect(isStalled(undefined, 1e12)).toBe(false);
  });

  it('highlights the tile of an opened alert for a while, and stops when it is acknowledged', () => {
    const opened = applyAlert(new Map(), { cameraId: 'cam-1', state: 'open' }, 1_000);
    expect(isHighlighted(opened, 'cam-1', 1_000 + ALERT_HIGHLIGHT_MS - 1)).toBe(true);
    expect(isHighlighted(opened, 'cam-1', 1_000 + ALERT_HIGHLIGHT_MS)).toBe(false);
    expect(isHighlighted(opened, 'cam-2', 1_000)).toBe(false);
    expect(isHighlighted(applyAlert(opened, { cameraId: 'cam-1', state: 'acknowledged' }, 2_000), 'cam-1', 2_000)).toBe(false);
    expect(applyAlert(opened, { cameraId: null, state: 'open' }, 2_000)).toBe(opened);
  });
});
