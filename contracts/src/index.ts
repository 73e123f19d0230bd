/**
 * @argus/contracts: the wire between edge, cloud and console. The cloud
 * validates with these schemas (and builds its OpenAPI document from them);
 * the edge and the console import their types and limits. Nothing here
 * does I/O.
 */
export * from './errors.js';
export * from './access.js';
export * from './common.schemas.js';
export * from './cameras.schemas.js';
export * from './recordings.schemas.js';
export * from './agents.schemas.js';
export * from './events.schemas.js';
export * from './control.schemas.js';
export * from './detection.schemas.js';
export * from './auth.schemas.js';
export * from './inference.schemas.js';
export * from './inference-credentials.js';
export * from './stream.schemas.js';
export * from './alerts.schemas.js';
export * from './webhooks.schemas.js';
export * from './search.schemas.js';
export * from './evidence.schemas.js';
export * from './layouts.schemas.js';
export * from './live.schemas.js';
