import { ArgusError } from './errors.js';

/**
 * Camera, org and site ids are slugs: they appear in object keys and URLs,
 * so they are restricted to characters that need no escaping anywhere.
 */
export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
const slug = new RegExp(SLUG_PATTERN);

export function isSlug(value: string): boolean {
  return slug.test(value);
}

export function assertSlug(kind: string, value: string): string {
  if (!isSlug(value)) {
    throw new ArgusError(
      'CORE_ERR_BAD_ID',
      `${kind} id ${JSON.stringify(value)} is not valid: use 1-63 lowercase letters, digits or '-', starting with a letter or digit`,
    );
  }
  return value;
}

/** Stream names of a camera: `main` is recorded, `sub` feeds detection. */
export const STREAM_NAMES = ['main', 'sub'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

export function isStreamName(value: string): value is StreamName {
  return (STREAM_NAMES as readonly string[]).includes(value);
}
