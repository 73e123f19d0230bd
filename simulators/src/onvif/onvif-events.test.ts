import { describe, expect, it } from 'vitest';
import { notificationXml, PullPointHub, terminationFrom } from './onvif-events.js';
import { parseXml, findDescendant } from './xml-tree.js';

function fixture() {
  let now = 1_000_000;
  let motion = false;
  const hub = new PullPointHub({ now: () => now, maxPerCamera: 2 });
  return {
    hub,
    advance: (ms: number) => (now += ms),
    setMotion: (m: boolean) => (motion = m),
    source: { isMotion: () => motion },
    now: () => now,
  };
}

describe('PullPointHub', () => {
  it('reports the state at creation as Initialized on both topics', async () => {
    const f = fixture();
    const pp = f.hub.create('cam-1', f.source, () => f.now() + 3_600_000, f.now() + 60_000);
    const messages = await f.hub.pull(pp.id, 0, 10);
    expect(messages.map((m) => [m.topic, m.isMotion, m.operation])).toEqual([
      ['cell-motion', false, 'Initialized'],
      ['motion-alarm', false, 'Initialized'],
    ]);
    // Camera clock, not ours.
    expect(messages[0]!.cameraMs).toBe(f.now() + 3_600_000);
    f.hub.close();
  });

  it('queues every flip between pulls, in order, and honours the limit', async () => {
    const f = fixture();
    const pp = f.hub.create('cam-1', f.source, f.now, f.now() + 60_000);
    await f.hub.pull(pp.id, 0, 10);
    f.setMotion(true);
    f.hub.tick();
    f.setMotion(false);
    f.hub.tick();
    f.hub.tick();
    const first = await f.hub.pull(pp.id, 0, 3);
    expect(first.map((m) => `${m.topic}:${m.isMotion}:${m.operation}`)).toEqual(['cell-motion:true:Changed', 'motion-alarm:true:Changed', 'cell-motion:false:Changed']);
    expect((await f.hub.pull(pp.id, 0, 10)).map((m) => m.topic)).toEqual(['motion-alarm']);
    f.hub.close();
  });

  it('wakes a waiting pull as soon as the state changes', async () => {
    const f = fixture();
    const pp = f.hub.create('cam-1', f.source, f.now, f.now() + 60_000);
    await f.hub.pull(pp.id, 0, 10);
    const waiting = f.hub.pull(pp.id, 30_000, 10);
    f.setMotion(true);
    f.hub.tick();
    expect((await waiting).map((m) => m.isMotion)).toEqual([true, true]);
    f.hub.close();
  });

  it('expires a pull point at its termination time and keeps the per-camera limit', () => {
    const f = fixture();
    const a = f.hub.create('cam-1', f.source, f.now, f.now() + 1_000);
    f.hub.create('cam-1', f.source, f.now, f.now() + 60_000);
    expect(() => f.hub.create('cam-1', f.source, f.now, f.now() + 60_000)).toThrow(/at most 2/);
    f.hub.create('cam-2', f.source, f.now, f.now() + 60_000);
    f.advance(1_000);
    expect(f.hub.find('cam-1', a.id)).toBeUndefined();
    expect(f.hub.size).toBe(2);
    // The freed slot can be taken again; another camera's id is not found under this one.
    const c = f.hub.create('cam-1', f.source, f.now, f.now() + 60_000);
    expect(f.hub.find('cam-2', c.id)).toBeUndefined();
    f.hub.close();
  });

  it('SetSynchronizationPoint re-sends the current state', async () => {
    const f = fixture();
    const pp = f.hub.create('cam-1', f.source, f.now, f.now() + 60_000);
    await f.hub.pull(pp.id, 0, 10);
    f.hub.synchronize(pp.id);
    expect((await f.hub.pull(pp.id, 0, 10)).map((m) => m.operation)).toEqual(['Initialized', 'Initialized']);
    f.hub.close();
  });
});

describe('terminationFrom', () => {
  const NOW = 1_000_000;
  it('reads durations and absolute camera times, clamped to 1 s … 1 h', () => {
    expect(terminationFrom('PT2M', NOW, NOW + 5)).toBe(NOW + 120_000);
    expect(terminationFrom(undefined, NOW, NOW)).toBe(NOW + 60_000);
    expect(terminationFrom('PT0S', NOW, NOW)).toBe(NOW + 1_000);
    expect(terminationFrom('P2D', NOW, NOW)).toBe(NOW + 3_600_000);
    // Absolute time on the camera's clock (1 h ahead of ours): 30 s from the camera's now.
    const cameraNow = Date.parse('2024-01-01T13:00:00Z');
    expect(terminationFrom('2024-01-01T13:00:30Z', NOW, cameraNow)).toBe(NOW + 30_000);
    expect(() => terminationFrom('soon', NOW, NOW)).toThrow(/neither a duration nor a dateTime/);
  });
});

describe('notificationXml', () => {
  it('writes the ONVIF motion message with its topic, UtcTime and data item', () => {
    const xml = `<r xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:tt="http://www.onvif.org/ver10/schema">${notificationXml({ topic: 'cell-motion', isMotion: true, cameraMs: Date.parse('2024-01-01T00:00:00Z'), operation: 'Changed' })}</r>`;
    const root = parseXml(xml);
    expect(findDescendant(root, 'Topic')!.text).toBe('tns1:RuleEngine/CellMotionDetector/Motion');
    const message = findDescendant(findDescendant(root, 'Message'), 'Message')!;
    expect(Object.fromEntries(message.attrs)).toEqual({ UtcTime: '2024-01-01T00:00:00.000Z', PropertyOperation: 'Changed' });
    expect(Object.fromEntries(findDescendant(findDescendant(message, 'Data'), 'SimpleItem')!.attrs)).toEqual({ Name: 'IsMotion', Value: 'true' });
  });
});
