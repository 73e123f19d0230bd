import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { DEFAULT_DETECTION, DEFAULT_OBJECTS, DetectionSettings, OBJECT_LABELS, ObjectLabel, objectSettingsOf } from './detection.schemas.js';
import { WEEKDAYS, RuleBody } from './alerts.schemas.js';

describe('detection settings', () => {
  it('spells out the object labels exactly as OBJECT_LABELS lists them', () => {
    expect(ObjectLabel.anyOf.map((l: { const: string }) => l.const)).toEqual([...OBJECT_LABELS]);
  });

  it('takes the defaults, and settings saved before objects existed', () => {
    expect(Value.Check(DetectionSettings, DEFAULT_DETECTION)).toBe(true);
    const { objects: _none, ...older } = DEFAULT_DETECTION;
    expect(Value.Check(DetectionSettings, older)).toBe(true);
    expect(objectSettingsOf(older as DetectionSettings)).toEqual(DEFAULT_OBJECTS);
    expect(Value.Check(DetectionSettings, { ...DEFAULT_DETECTION, objects: { ...DEFAULT_OBJECTS, labels: ['unicorn'] } })).toBe(false);
  });
});

describe('alert rule schedule', () => {
  it('spells out the weekdays as WEEKDAYS lists them, and refuses other days and times', () => {
    const rule = (days: string[], from = '22:00', to = '06:00') => ({ name: 'Nights', labels: ['person'], severity: 'high', schedule: { timeZone: 'Europe/Paris', windows: [{ days, from, to }] } });
    expect(Value.Check(RuleBody, rule([...WEEKDAYS]))).toBe(true);
    expect(Value.Check(RuleBody, rule(['monday']))).toBe(false);
    expect(Value.Check(RuleBody, rule(['mon'], '25:00'))).toBe(false);
    expect(Value.Check(RuleBody, rule(['mon'], '00:00', '24:00'))).toBe(true);
  });
});
