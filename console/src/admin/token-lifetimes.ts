import { DEFAULT_TOKEN_TTL_MS, MAX_TOKEN_TTL_MS } from '@argus/contracts';

/** Lifetimes offered for a new API token: the API's default among them, none past its maximum. */

const DAY_MS = 24 * 3600 * 1000;

export interface TokenLifetime {
  label: string;
  ms: number;
}

export const TOKEN_LIFETIMES: readonly TokenLifetime[] = [7, 30, DEFAULT_TOKEN_TTL_MS / DAY_MS, 180, 365]
  .filter((days, index, all) => all.indexOf(days) === index)
  .sort((a, b) => a - b)
  .map((days) => ({ label: days === 365 ? '1 year' : `${days} days`, ms: days * DAY_MS }))
  .filter((lifetime) => lifetime.ms <= MAX_TOKEN_TTL_MS);
