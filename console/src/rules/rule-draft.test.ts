import type { RuleRecord } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import {
  LABEL_GROUPS,
  describeSchedule,
  draftFromRule,
  formatDays,
  newRuleDraft,
  parseZones,
  ruleBodyFromDraft,
  ruleFieldOf,
  rulePatchFromDraft,
  timeZoneChoices,
  type RuleDraft,
} from './rule-draft.js';

const draft = (extra: Partial<RuleDraft> = {}): RuleDraft => ({ ...newRuleDraft('Europe/Paris', null), name: 'Gate at night', labels: ['person'], ...extra });
const saved = (extra: Partial<RuleRecord> = {}): RuleRecord => ({
  id: 'rul_1', name: 'Gate', siteIds: [], cameraIds: ['cam-1'], labels: ['person', 'car'], zones: ['gate'], minScore: 0.655, minDwellSeconds: 3,
  schedule: { timeZone: 'Europe/Paris', windows: [{ days: ['sat', 'sun'], from: '00:00', to: '24:00' }] }, cooldownSeconds: 120,
  severity: 'critical', enabled: false, createdBy: 'user:a@b.c', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...extra,
});

describe('rule drafts', () => {
  it('builds the smallest body for a new rule: blanks left out, the default cooldown kept', () => {
    const body = ruleBodyFromDraft(draft());
    expect(body).toEqual({ ok: true, value: { name: 'Gate at night', labels: ['person'], cameraIds: [], zones: [], severity: 'medium', cooldownSeconds: 60 } });
  });

  it('turns percent, seconds, zones and windows into the API\'s values', () => {
    const body = ruleBodyFromDraft(draft({
      siteIds: ['site-1'], cameraIds: ['cam-1'], zones: ' gate, drive ,', minScorePercent: '65.5', minDwellSeconds: '2.5', cooldownSeconds: '300',
      scheduled: true, windows: [{ days: ['fri', 'mon'], from: '18:00', to: '07:00' }], severity: 'high',
    }));
    expect(body.ok && body.value).toEqual({
      name: 'Gate at night', labels: ['person'], cameraIds: ['cam-1'], siteIds: ['site-1'], zones: ['gate', 'drive'], minScore: 0.655,
      minDwellSeconds: 2.5, cooldownSeconds: 300, severity: 'high',
      schedule: { timeZone: 'Europe/Paris', windows: [{ days: ['mon', 'fri'], from: '18:00', to: '07:00' }] },
    });
  });

  it('names the part of the form at fault', () => {
    const problem = (extra: Partial<RuleDraft>) => {
      const result = ruleBodyFromDraft(draft(extra));
      return result.ok ? undefined : result.problem.field;
    };
    expect(problem({ name: '  ' })).toBe('name');
    expect(problem({ labels: [] })).toBe('labels');
    expect(problem({ siteIds: [] })).toBe('sites');
    expect(problem({ minScorePercent: '101' })).toBe('minScore');
    expect(problem({ minDwellSeconds: 'soon' })).toBe('minDwellSeconds');
    expect(problem({ cooldownSeconds: '1.5' })).toBe('cooldownSeconds');
    expect(problem({ zones: 'a, b, a' })).toBe('zones');
    expect(problem({ scheduled: true, windows: [{ days: [], from: '08:00', to: '09:00' }] })).toBe('schedule');
    expect(problem({ scheduled: true, windows: [{ days: ['mon'], from: '8:00', to: '09:00' }] })).toBe('schedule');
    expect(problem({ scheduled: true, windows: [] })).toBe('schedule');
    expect(parseZones('x'.repeat(65)).ok).toBe(false);
  });

  it('reads a saved rule back into the form, and patches every field', () => {
    const form = draftFromRule(saved(), 'UTC');
    expect(form).toMatchObject({ zones: 'gate', minScorePercent: '65.5', minDwellSeconds: '3', scheduled: true, timeZone: 'Europe/Paris', enabled: false, siteIds: null });
    const patch = rulePatchFromDraft({ ...form, enabled: true, minDwellSeconds: '' });
    expect(patch.ok && patch.value).toMatchObject({ siteIds: null, cameraIds: ['cam-1'], minScore: 0.655, minDwellSeconds: null, cooldownSeconds: 120, enabled: true });
  });

  it('clears a saved minimum score, duration or schedule left blank by sending null', () => {
    const form = draftFromRule(saved(), 'UTC');
    const cleared = rulePatchFromDraft({ ...form, minScorePercent: '', minDwellSeconds: '', scheduled: false });
    expect(cleared.ok && cleared.value).toMatchObject({ minScore: null, minDwellSeconds: null, schedule: null });
    const kept = rulePatchFromDraft(form);
    expect(kept.ok && kept.value).toMatchObject({ minScore: 0.655, minDwellSeconds: 3, schedule: { timeZone: 'Europe/Paris' } });
  });

  it('maps the cloud\'s field names onto the form', () => {
    expect(ruleFieldOf('schedule.timeZone')).toBe('schedule');
    expect(ruleFieldOf('schedule.windows.0.from')).toBe('schedule');
    expect(ruleFieldOf('cameraIds')).toBe('cameras');
    expect(ruleFieldOf('siteIds')).toBe('sites');
    expect(ruleFieldOf('labels.3')).toBe('labels');
    expect(ruleFieldOf('id')).toBeUndefined();
    expect(ruleFieldOf(undefined)).toBeUndefined();
  });

  it('writes days and schedules compactly', () => {
    expect(formatDays(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('Mon–Fri');
    expect(formatDays(['sun', 'sat'])).toBe('Sat, Sun');
    expect(formatDays(['mon', 'wed', 'thu', 'fri', 'sun'])).toBe('Mon, Wed–Fri, Sun');
    expect(formatDays(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).toBe('Every day');
    expect(describeSchedule(saved().schedule)).toBe('Sat, Sun 00:00–24:00 (Europe/Paris)');
    expect(describeSchedule(null)).toBe('Any time');
  });

  it('offers motion, the contracts\' object labels and the health kinds', () => {
    expect(LABEL_GROUPS.map((g) => g.id)).toEqual(['motion', 'objects', 'health']);
    expect(LABEL_GROUPS[1]!.labels).toContain('person');
    expect(LABEL_GROUPS[2]!.labels).toContain('camera-offline');
    expect(timeZoneChoices('Europe/Paris', ['Asia/Tokyo', 'Europe/Paris']).slice(0, 3)).toEqual(['Europe/Paris', 'UTC', 'Asia/Tokyo']);
  });
});
