import { Type, type Static } from 'typebox';
import { Instant } from './common.schemas.js';

/** What a webhook may be sent. */
export const WEBHOOK_KINDS = ['alert.opened', 'alert.acknowledged', 'alert.resolved', 'event'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
// Spelled out: a mapped union loses its literal types.
const Kind = Type.Union([Type.Literal('alert.opened'), Type.Literal('alert.acknowledged'), Type.Literal('alert.resolved'), Type.Literal('event')]);

/** Header of every delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-argus-signature';
/** Header naming the delivery (the same on every attempt and on a replay): receivers dedupe by it. */
export const WEBHOOK_DELIVERY_HEADER = 'x-argus-delivery';

export const WEBHOOK_LIMITS = {
  secret: { min: 16, max: 256 },
  /** First retry after this long, doubling up to `maxBackoffMs`, ±20 % jitter. */
  firstBackoffMs: 1000,
  maxBackoffMs: 60_000,
  /** A delivery is given up after this many attempts (about 12 minutes at the cap). */
  maxAttempts: 16,
  /** A webhook whose attempts failed this many times in a row (no success between) is disabled. */
  disableAfterFailures: 100,
  /** Each attempt waits this long for an answer. */
  timeoutMs: 5000,
} as const;

export const WebhookBody = Type.Object(
  {
    url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
    secret: Type.String({ minLength: WEBHOOK_LIMITS.secret.min, maxLength: WEBHOOK_LIMITS.secret.max }),
    kinds: Type.Array(Kind, { minItems: 1, maxItems: WEBHOOK_KINDS.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type WebhookBody = Static<typeof WebhookBody>;

export const WebhookPatch = Type.Partial(Type.Object({ url: WebhookBody.properties.url, secret: WebhookBody.properties.secret, kinds: WebhookBody.properties.kinds, enabled: Type.Boolean() }, { additionalProperties: false }));
export type WebhookPatch = Static<typeof WebhookPatch>;

/** A webhook as listed: never its secret. */
export const WebhookRecord = Type.Object({
  id: Type.String(),
  url: Type.String(),
  kinds: Type.Array(Kind),
  enabled: Type.Boolean(),
  consecutiveFailures: Type.Integer(),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Instant,
});
export type WebhookRecord = Static<typeof WebhookRecord>;

export const WebhookListResponse = Type.Object({ webhooks: Type.Array(WebhookRecord) });
export type WebhookListResponse = Static<typeof WebhookListResponse>;

export const WebhookDeliveryRecord = Type.Object({
  id: Type.String(),
  kind: Kind,
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Instant, Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
  deliveredAt: Type.Union([Instant, Type.Null()]),
});
export type WebhookDeliveryRecord = Static<typeof WebhookDeliveryRecord>;

export const WebhookDeliveryListResponse = Type.Object({ deliveries: Type.Array(WebhookDeliveryRecord) });
export type WebhookDeliveryListResponse = Static<typeof WebhookDeliveryListResponse>;

/** The body of every delivery. */
export interface WebhookPayload {
  /** The delivery's id (as in the delivery header). */
  readonly id: string;
  readonly kind: WebhookKind;
  /** When the change happened (ISO 8601). */
  readonly createdAt: string;
  /** The alert as GET /api/alerts lists it, or the event as GET /api/events does. */
  readonly data: unknown;
}
