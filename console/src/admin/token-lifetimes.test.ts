import { DEFAULT_TOKEN_TTL_MS, MAX_TOKEN_TTL_MS } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { TOKEN_LIFETIMES } from './token-lifetimes.js';

describe('token lifetimes', () => {
  it("offers the API's default and nothing past its maximum, shortest first", () => {
    const values = TOKEN_LIFETIMES.map((l) => l.ms);
    expect(values).toContain(DEFAULT_TOKEN_TTL_MS);
    expect(Math.max(...values)).toBeLessThanOrEqual(MAX_TOKEN_TTL_MS);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
  });
});
