import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import type { Logger } from '@argus/runtime';
import { CamerasRepository } from './cameras/cameras.repository.js';
import { camerasRoutes } from './cameras/cameras.routes.js';
import type { CloudConfig } from './config.js';
import { hostConsole } from './console-host.js';
import { errorHandler } from './http/error-handler.js';
import { edgeAuth } from './http/edge-auth.js';
import { errors } from './http/common.schemas.js';
import type { ObjectStore } from './object-store/object-store.js';
import { mediaRoutes } from './recordings/media.routes.js';
import { playbackRoutes } from './recordings/playback.routes.js';
import type { RecordingsOptions } from './recordings/recordings.context.js';
import { SegmentsRepository } from './recordings/segments.repository.js';
import { segmentsRoutes } from './recordings/segments.routes.js';
import { uploadsRoutes } from './recordings/uploads.routes.js';

export interface AppDeps {
  readonly config: CloudConfig;
  /** Owned by the caller: the app does not end it on close. */
  readonly pool: pg.Pool;
  /** Initialised by the caller. */
  readonly store: ObjectStore;
  readonly logger: Logger;
  /** Clock, epoch ms (upload URL expiry, default ranges); tests fix it. */
  readonly now?: () => number;
}

export type CloudApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

const JSON_BODY_LIMIT = 1024 * 1024; // API bodies are small JSON; media bodies are streamed and bounded by their signed size

/**
 * The cloud's HTTP application, not listening (tests drive it with
 * inject()). Order: external plugins and hooks → app plugins → routes →
 * console with its fallback.
 */
export async function buildApp(deps: AppDeps): Promise<CloudApp> {
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: JSON_BODY_LIMIT,
    // Edges make three requests per segment per camera: one line per request
    // at info would drown everything else. The onResponse hook below logs
    // them at debug, and failures louder.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors must name the field; fastify's default message already reads "body/sha256 must ...".
    schemaErrorFormatter: (errs, dataVar) => {
      const first = errs[0];
      const where = `${dataVar}${first?.instancePath ?? ''}`;
      return new Error(first ? `${where} ${first.message ?? 'is invalid'}` : `${dataVar} is invalid`);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(errorHandler);
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'debug';
    request.log[level]({ method: request.method, url: request.url, status, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  const recordings: RecordingsOptions = {
    orgId: deps.config.org,
    cameras: new CamerasRepository(deps.pool, deps.config.org),
    segments: new SegmentsRepository(deps.pool),
    store: deps.store,
    edgeAuth: edgeAuth(deps.config.edgeToken),
    ...(deps.now ? { now: deps.now } : {}),
  };

  app.get('/api/health', {
    schema: { response: { 200: Type.Object({ status: Type.Literal('ok') }), ...errors(500) } },
  }, async () => {
    await deps.pool.query('select 1'); // a cloud without its database is not healthy
    return { status: 'ok' as const };
  });
  await app.register(camerasRoutes, { cameras: recordings.cameras, edgeAuth: recordings.edgeAuth });
  await app.register(uploadsRoutes, recordings);
  await app.register(segmentsRoutes, recordings);
  await app.register(playbackRoutes, recordings);
  await app.register(mediaRoutes, recordings);

  await hostConsole(app, deps.config.consoleDir);
  await app.ready();
  return app;
}
