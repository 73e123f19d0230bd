import { Type, type Static } from 'typebox';
import { SHA256_PATTERN, SLUG_PATTERN, STREAM_NAMES } from '@argus/core';

/** The one error body of the API (docs/api.md). */
export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'stable, from cloud/src/errors.ts' }),
    error: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const Slug = Type.String({ pattern: SLUG_PATTERN });
/**
 * A label or zone name as events, rules and searches carry it: 1–64
 * letters, digits, spaces and `_ . -`, starting with a letter or digit
 * (`person`, `camera-offline`, `Gate 3`). No comma, which separates a
 * search's list items, and no quote or other punctuation.
 */
export const NAME_MAX_LENGTH = 64;
export const NAME_PATTERN = `^[A-Za-z0-9][A-Za-z0-9 _.-]{0,${NAME_MAX_LENGTH - 1}}$`;
export const Name = Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, pattern: NAME_PATTERN });
export const Sha256 = Type.String({ pattern: SHA256_PATTERN, description: 'lowercase hex' });
export const StreamName = Type.Enum([...STREAM_NAMES]);
/** ISO 8601 UTC instant on the wire. */
export const Instant = Type.String({ format: 'date-time' });
/** Query instants: ISO 8601 with a zone, or epoch milliseconds (checked by parseInstant). */
export const InstantQuery = Type.String({ minLength: 1, maxLength: 40 });

export const CameraIdParams = Type.Object({ id: Slug });

/** Segments are a few MB; this bounds what one signed upload may carry. */
export const MAX_OBJECT_BYTES = 200 * 1024 * 1024; // used by uploads and the file-store PUT

/** Error responses a route may give, for its response schema. */
export function errors(...statusCodes: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statusCodes.map((s) => [s, ErrorResponse]));
}
