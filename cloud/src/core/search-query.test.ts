import { describe, expect, it } from 'vitest';
import { HISTOGRAM_MAX_BUCKETS, SEARCH_MAX_LIST_ITEMS } from '@argus/contracts';
import { CloudError } from '../errors.js';
import { decodeCursor, encodeCursor, histogramStarts, parseList, searchCriteria, searchSites, zeroFilled, type SearchCursor } from './search-query.js';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CloudError);
    expect((err as CloudError).statusCode).toBe(400);
    return (err as CloudError).field;
  }
  throw new Error('did not throw');
};

describe('search filters', () => {
  it('reads comma-separated lists: trimmed, duplicates dropped', () => {
    expect(parseList('cameraIds', 'cam-1, cam-2,cam-1')).toEqual(['cam-1', 'cam-2']);
    expect(parseList('labels', 'person,traffic light')).toEqual(['person', 'traffic light']);
    expect(parseList('zones', undefined)).toBeUndefined();
  });

  it.each([
    ['cameraIds', "cam-1,' or 1=1 --"],
    ['siteIds', ';drop table events'],
    ['cameraIds', 'cam-1,,cam-2'],
    ['siteIds', 'Site-1'],
    ['labels', 'x'.repeat(65)],
    ['zones', 'door,\u0000'],
    ['labels', Array.from({ length: SEARCH_MAX_LIST_ITEMS + 1 }, (_, i) => `l${i}`).join(',')],
  ] as const)('refuses %s=%j naming the field', (field, value) => {
    expect(fieldOf(() => parseList(field, value))).toBe(field);
  });

  it('takes names as events carry them, and refuses anything else naming the field', () => {
    expect(parseList('zones', 'Gate 3,loading_bay.2')).toEqual(['Gate 3', 'loading_bay.2']);
    expect(() => parseList('labels', "' or 1=1 --")).toThrow(expect.objectContaining({ code: 'CLD_ERR_VALIDATION', field: 'labels' }));
    expect(() => parseList('zones', 'gate;drop')).toThrow(expect.objectContaining({ field: 'zones' }));
  });

  it('narrows the sites asked for to the caller\'s', () => {
    expect(searchSites(undefined, null)).toBeNull();
    expect(searchSites(['a', 'b'], null)).toEqual(['a', 'b']);
    expect(searchSites(undefined, ['a'])).toEqual(['a']);
    expect(searchSites(['a', 'b'], ['b', 'c'])).toEqual(['b']);
    expect(searchSites(['z'], ['b'])).toEqual([]);
  });

  it('builds criteria from a query', () => {
    const range = { from: 0, to: 1000 };
    expect(searchCriteria({ cameraIds: 'cam-1', labels: 'person,car', minScore: 0.5, color: 'red', minDwellSeconds: 3 }, range, ['s-1'])).toEqual({
      range, siteIds: ['s-1'], cameraIds: ['cam-1'], labels: ['person', 'car'], zones: undefined, minScore: 0.5, color: 'red', minDwellSeconds: 3,
    });
  });
});

describe('search cursor', () => {
  const time: SearchCursor = { sort: 'time', startedAt: '2026-11-26T05:00:01.123456Z', id: '6f1c2d3e-0000-4000-8000-000000000001' };
  const score: SearchCursor = { sort: 'score', score: 0.8, startedAt: '2026-11-26T05:00:01.000000Z', id: 'evt-1' };
  const unscored: SearchCursor = { sort: 'score', score: null, startedAt: '2026-11-26T05:00:01.000000Z', id: 'evt-2' };

  it('round-trips each sort, as URL-safe text', () => {
    for (const cursor of [time, score, unscored]) {
      const token = encodeCursor(cursor);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(token, cursor.sort)).toEqual(cursor);
    }
  });

  it('refuses a cursor of the other sort', () => {
    expect(fieldOf(() => decodeCursor(encodeCursor(time), 'score'))).toBe('cursor');
    expect(fieldOf(() => decodeCursor(encodeCursor(score), 'time'))).toBe('cursor');
  });

  const forged = (body: unknown): string => Buffer.from(JSON.stringify(body)).toString('base64url');
  it.each([
    ['not base64url', 'abc$def'],
    ['padding', `${encodeCursor(time)}=`],
    ['truncated', encodeCursor(time).slice(0, -3)],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['an array', forged([1, 'time'])],
    ['another version', forged({ v: 2, s: 'time', t: time.startedAt, i: time.id })],
    ['an extra field', forged({ v: 1, s: 'time', t: time.startedAt, i: time.id, x: 1 })],
    ['a time without microseconds', forged({ v: 1, s: 'time', t: '2026-11-26T05:00:01Z', i: time.id })],
    ['SQL in the time', forged({ v: 1, s: 'time', t: "2026' or 1=1 --", i: time.id })],
    ['SQL in the id', forged({ v: 1, s: 'time', t: time.startedAt, i: "x'; drop table events; --" })],
    ['a score above 1', forged({ v: 1, s: 'score', c: 7, t: time.startedAt, i: time.id })],
    ['a score as text', forged({ v: 1, s: 'score', c: '0.5', t: time.startedAt, i: time.id })],
    ['no score', forged({ v: 1, s: 'score', t: time.startedAt, i: time.id })],
  ])('refuses %s', (_, token) => {
    expect(fieldOf(() => decodeCursor(token, token.includes('c') ? 'score' : 'time'))).toBe('cursor');
    expect(fieldOf(() => decodeCursor(token, 'score'))).toBe('cursor');
  });
});

describe('histogram buckets', () => {
  const H = 3_600_000;
  const T = Date.parse('2026-11-26T00:00:00Z');

  it('covers the range with whole UTC hours or days', () => {
    expect(histogramStarts({ from: T + 30 * 60_000, to: T + 3 * H }, 'hour')).toEqual([T, T + H, T + 2 * H]);
    expect(histogramStarts({ from: T + 5 * H, to: T + 30 * H }, 'day')).toEqual([T, T + 24 * H]);
  });

  it('refuses too many buckets naming `bucket`', () => {
    expect(histogramStarts({ from: T, to: T + HISTOGRAM_MAX_BUCKETS * H }, 'hour')).toHaveLength(HISTOGRAM_MAX_BUCKETS);
    expect(fieldOf(() => histogramStarts({ from: T, to: T + (HISTOGRAM_MAX_BUCKETS + 1) * H }, 'hour'))).toBe('bucket');
  });

  it('zero-fills', () => {
    expect(zeroFilled([T, T + H], new Map([[T + H, 4]]))).toEqual([
      { start: '2026-11-26T00:00:00.000Z', count: 0 },
      { start: '2026-11-26T01:00:00.000Z', count: 4 },
    ]);
  });
});
