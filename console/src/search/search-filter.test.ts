import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH, formatSearchPage, histogramBucketFor, narrowToBucket, parseSearchPage, searchFiltersOf, searchRange, splitList } from './search-filter.js';

const H = 3_600_000;
const T = Date.parse('2026-11-26T05:00:00Z');

describe('search page filter', () => {
  it('round-trips every filter through the URL', () => {
    const filter = {
      ...EMPTY_SEARCH, range: 'custom' as const, from: T, to: T + H, cameraIds: ['cam-1', 'cam-2'], labels: ['person', 'traffic light'], zones: ['door'],
      minScore: 0.6, color: 'red' as const, minDwellSeconds: 30, sort: 'score' as const,
    };
    const search = formatSearchPage(filter);
    expect(parseSearchPage(search)).toEqual(filter);
    expect(formatSearchPage(EMPTY_SEARCH)).toBe('');
    expect(parseSearchPage('')).toEqual(EMPTY_SEARCH);
  });

  it('leaves out what is malformed rather than refusing the page', () => {
    expect(parseSearchPage('?range=custom&from=soon&cameras=Cam 1,cam-2&minScore=7&color=mauve&minDwell=-3&sort=random&range=forever')).toEqual({ ...EMPTY_SEARCH, cameraIds: ['cam-2'] });
    expect(splitList(' person, ,car,person ')).toEqual(['person', 'car']);
  });

  it('asks the API for the range fixed once, with only the filters set', () => {
    const range = searchRange(EMPTY_SEARCH, T);
    expect(range).toEqual({ from: T - 24 * H, to: T });
    expect(searchFiltersOf({ ...EMPTY_SEARCH, labels: ['person', 'car'], minScore: 0 }, range)).toEqual({
      from: new Date(T - 24 * H).toISOString(), to: new Date(T).toISOString(), labels: 'person,car', minScore: 0,
    });
  });

  it('draws hourly bars unless that is too many, and narrows to a bar', () => {
    expect(histogramBucketFor({ from: T - 30 * 24 * H, to: T })).toBe('hour');
    expect(histogramBucketFor({ from: T - 60 * 24 * H, to: T })).toBe('day');
    expect(narrowToBucket(EMPTY_SEARCH, T, 'hour')).toMatchObject({ range: 'custom', from: T, to: T + H });
  });
});
