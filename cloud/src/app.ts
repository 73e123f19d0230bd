import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type pg from 'pg';
import { ffmpegBinaries, type Logger } from '@argus/runtime';
import { AgentsRepository } from './agents/agents.repository.js';
import { agentsRoutes } from './agents/agents.routes.js';
import { HealthChecker } from './agents/health-checker.js';
import { CamerasRepository } from './cameras/cameras.repository.js';
import { camerasRoutes } from './cameras/cameras.routes.js';
import type { CloudConfig } from './config.js';
import { hostConsole } from './console-host.js';
import { ControlHub } from './control/control-hub.js';
import { controlRoutes } from './control/control.routes.js';
import { EventsRepository } from './events/events.repository.js';
import { eventsRoutes } from './events/events.routes.js';
import { adminAuth } from './http/admin-auth.js';
import { errorHandler } from './http/error-handler.js';
import { edgeAuth } from './http/edge-auth.js';
import { errors } from '@argus/contracts';
import type { ObjectStore } from './object-store/object-store.js';
import { LiveSessions } from './live/live-sessions.js';
import { liveRoutes } from './live/live.routes.js';
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
  /** Clock, epoch ms (upload URL expiry, default ranges, health); tests fix it. */
  readonly now?: () => number;
  /** Run the health checker on its period (default true); tests call checkOnce() instead. */
  readonly startHealthChecker?: boolean;
  /** Control channel ping period (ms); default 15 s. */
  readonly controlPingMs?: number;
}

/** Long-lived parts of the app, for the server and for tests. */
export interface AppServices {
  readonly healthChecker: HealthChecker;
  readonly controlHub: ControlHub;
  readonly live: LiveSessions;
}

declare module 'fastify' {
  interface FastifyInstance {
    argus: AppServices;
  }
}

export type CloudApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Version of the HTTP API, as the OpenAPI document states it. */
const API_VERSION = '0.1.0';
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

  const now = deps.now ?? Date.now;
  const { config } = deps;
  const agents = new AgentsRepository(deps.pool, config.org);
  const events = new EventsRepository(deps.pool, config.org);
  const recordings: RecordingsOptions = {
    orgId: config.org,
    cameras: new CamerasRepository(deps.pool, config.org, { now, graceMs: config.health.cameraGraceMs }),
    segments: new SegmentsRepository(deps.pool),
    store: deps.store,
    edgeAuth: edgeAuth(config.edgeToken, (hash) => agents.findByCredentialHash(hash)),
    ...(deps.now ? { now: deps.now } : {}),
  };
  const admin = adminAuth(config.adminToken);
  const controlHub = new ControlHub({ logger: deps.logger, now, ...(deps.controlPingMs ? { pingIntervalMs: deps.controlPingMs } : {}) });
  const healthChecker = new HealthChecker({
    cameras: recordings.cameras,
    agents,
    events,
    rules: { cameraGraceMs: config.health.cameraGraceMs, agentGraceMs: config.health.agentGraceMs },
    periodMs: config.health.checkPeriodMs,
    now,
    logger: deps.logger,
  });
  const live = new LiveSessions({
    hub: controlHub, agents, cameras: recordings.cameras,
    ffmpegPath: ffmpegBinaries().ffmpeg,
    dir: join(config.dataDir, 'live'),
    rtmpPort: config.live.rtmpPort, rtmpBindHost: config.host, rtmpPublicHost: config.live.rtmpPublicHost,
    idleMs: config.live.idleMs,
    startTimeoutMs: 15_000, // a keyframe interval plus two 1 s segments, with room for a slow camera
    commandTimeoutMs: config.commandTimeoutMs,
    logger: deps.logger,
  });
  app.decorate('argus', { healthChecker, controlHub, live });
  app.decorateRequest('edge', undefined);
  app.addHook('onClose', async () => {
    await live.stop(); // sends live-stop while the channels are still open
    controlHub.close();
    await healthChecker.stop();
  });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  // The route schemas are the one source of the OpenAPI document (GET /api/openapi.json).
  await app.register(swagger, {
    openapi: {
      info: { title: 'Argus cloud API', version: API_VERSION, description: 'Edge ingest, recordings, playback, events, agents. Prose: docs/api.md.' },
      components: {
        securitySchemes: {
          edgeToken: { type: 'http', scheme: 'bearer', description: 'agent credential or ARGUS_EDGE_TOKEN' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'ARGUS_ADMIN_TOKEN' },
        },
      },
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

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
  await app.register(eventsRoutes, { cameras: recordings.cameras, events, edgeAuth: recordings.edgeAuth });
  const agentGraceMs = config.health.agentGraceMs;
  await app.register(agentsRoutes, { agents, cameras: recordings.cameras, hub: controlHub, edgeAuth: recordings.edgeAuth, adminAuth: admin, agentGraceMs, now });
  await app.register(liveRoutes, { live });
  await app.register(controlRoutes, { hub: controlHub, agents, edgeAuth: recordings.edgeAuth, adminAuth: admin, commandTimeoutMs: config.commandTimeoutMs });

  await hostConsole(app, deps.config.consoleDir);
  await app.ready();
  if (deps.startHealthChecker ?? true) healthChecker.start();
  return app;
}
