import { describe, expect, it } from 'vitest';
import { checkTimeZone, dwellSeconds, inSchedule, opensAlert, ruleMatches, type EventFacts, type RuleSpec } from './alert-rules.js';

const T0 = Date.parse('2026-11-30T21:30:00Z'); // a Monday; 22:30 in Paris (UTC+1)
const rule = (over: Partial<RuleSpec> = {}): RuleSpec => ({
  siteIds: [], cameraIds: [], labels: ['person'], zones: [], minScore: null, minDwellSeconds: null, schedule: null, cooldownSeconds: 60, enabled: true, ...over,
});
const event = (over: Partial<EventFacts> = {}): EventFacts => ({
  phase: 'start', label: 'person', cameraId: 'gate-3', siteId: 'north', score: 0.8, zones: ['gate'], attributes: {}, startedAt: T0, endedAt: null, ...over,
});
const fresh = { alertedForEvent: false, lastOpenedOnCameraAt: undefined };

describe('ruleMatches', () => {
  it('takes an event of the rule\'s labels, sites, cameras and zones, and nothing else', () => {
    expect(ruleMatches(rule(), event(), T0)).toBe(true);
    expect(ruleMatches(rule({ labels: ['car'] }), event(), T0)).toBe(false);
    expect(ruleMatches(rule({ siteIds: ['south'] }), event(), T0)).toBe(false);
    expect(ruleMatches(rule({ siteIds: ['north'], cameraIds: ['gate-3'] }), event(), T0)).toBe(true);
    expect(ruleMatches(rule({ cameraIds: ['gate-4'] }), event(), T0)).toBe(false);
    expect(ruleMatches(rule({ zones: ['yard'] }), event(), T0)).toBe(false);
    expect(ruleMatches(rule({ zones: ['yard', 'gate'] }), event(), T0)).toBe(true);
    expect(ruleMatches(rule({ enabled: false }), event(), T0)).toBe(false);
  });

  it('needs the minimum score, and a scoreless event passes no score condition', () => {
    expect(ruleMatches(rule({ minScore: 0.9 }), event(), T0)).toBe(false);
    expect(ruleMatches(rule({ minScore: 0.8 }), event(), T0)).toBe(true);
    expect(ruleMatches(rule({ labels: ['camera-offline'], minScore: 0.5 }), event({ label: 'camera-offline', score: null }), T0)).toBe(false);
    expect(ruleMatches(rule({ labels: ['camera-offline'] }), event({ label: 'camera-offline', score: null, zones: [] }), T0)).toBe(true);
  });

  it('needs the dwell: an object\'s own dwell, else how long the event has lasted', () => {
    expect(dwellSeconds(event({ attributes: { dwellSeconds: '12.5' } }), T0)).toBe(12.5);
    expect(dwellSeconds(event(), T0 + 8000)).toBe(8);
    expect(dwellSeconds(event({ endedAt: T0 + 3000 }), T0 + 60_000)).toBe(3);
    expect(ruleMatches(rule({ minDwellSeconds: 10 }), event({ attributes: { dwellSeconds: '9.9' } }), T0)).toBe(false);
    expect(ruleMatches(rule({ minDwellSeconds: 10 }), event({ attributes: { dwellSeconds: '10.0' } }), T0)).toBe(true);
  });
});

describe('inSchedule', () => {
  const nights = { timeZone: 'Europe/Paris', windows: [{ days: ['mon' as const], from: '22:00', to: '06:00' }] };

  it('reads the window in the schedule\'s time zone', () => {
    expect(inSchedule(nights, T0)).toBe(true); // Monday 22:30 in Paris
    expect(inSchedule({ ...nights, timeZone: 'UTC' }, T0)).toBe(false); // Monday 21:30 UTC
  });

  it('runs a window past midnight into the next day, and only that day', () => {
    expect(inSchedule(nights, Date.parse('2026-12-01T04:00:00Z'))).toBe(true); // Tuesday 05:00 in Paris
    expect(inSchedule(nights, Date.parse('2026-12-01T05:30:00Z'))).toBe(false); // Tuesday 06:30
    expect(inSchedule(nights, Date.parse('2026-12-01T21:30:00Z'))).toBe(false); // Tuesday 22:30: not a Monday night
  });

  it('takes a plain daytime window on its days', () => {
    const office = { timeZone: 'America/New_York', windows: [{ days: ['sat' as const, 'sun' as const], from: '08:00', to: '18:00' }] };
    expect(inSchedule(office, Date.parse('2026-11-28T15:00:00Z'))).toBe(true); // Saturday 10:00 in New York
    expect(inSchedule(office, Date.parse('2026-11-30T15:00:00Z'))).toBe(false); // Monday
  });

  it('refuses an unknown time zone', () => {
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(RangeError);
    expect(() => checkTimeZone('Asia/Kolkata')).not.toThrow();
  });
});

describe('opensAlert', () => {
  it('opens on a start or on the update that satisfies the conditions, once per event', () => {
    const r = rule({ minDwellSeconds: 5 });
    expect(opensAlert(r, event({ attributes: { dwellSeconds: '1.0' } }), fresh, T0)).toBe(false);
    expect(opensAlert(r, event({ phase: 'update', attributes: { dwellSeconds: '6.0' } }), fresh, T0 + 6000)).toBe(true);
    expect(opensAlert(r, event({ phase: 'update', attributes: { dwellSeconds: '8.0' } }), { ...fresh, alertedForEvent: true }, T0 + 8000)).toBe(false);
    expect(opensAlert(rule(), event({ phase: 'end', endedAt: T0 + 1000 }), fresh, T0 + 1000)).toBe(false);
  });

  it('keeps quiet on a camera during the cooldown after the rule\'s last alert there', () => {
    expect(opensAlert(rule({ cooldownSeconds: 60 }), event(), { alertedForEvent: false, lastOpenedOnCameraAt: T0 - 30_000 }, T0)).toBe(false);
    expect(opensAlert(rule({ cooldownSeconds: 60 }), event(), { alertedForEvent: false, lastOpenedOnCameraAt: T0 - 60_000 }, T0)).toBe(true);
  });
});
