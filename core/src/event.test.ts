import { describe, expect, it } from 'vitest';
import { phaseMayFollow } from './event.js';

describe('phaseMayFollow', () => {
  it('lets an event move forward and accepts replays of the same phase', () => {
    expect(phaseMayFollow('start', 'update')).toBe(true);
    expect(phaseMayFollow('update', 'end')).toBe(true);
    expect(phaseMayFollow('update', 'update')).toBe(true);
    expect(phaseMayFollow('end', 'end')).toBe(true);
  });

  it('never reopens an ended event with a late update or start', () => {
    expect(phaseMayFollow('end', 'update')).toBe(false);
    expect(phaseMayFollow('end', 'start')).toBe(false);
    expect(phaseMayFollow('update', 'start')).toBe(false);
  });
});
