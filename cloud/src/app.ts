import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type pg from 'pg';
import { errors, PERMISSIONS, type AlertRecord, type Permission, type RouteAccess, type WebhookKind } from '@argus/contracts';
import { ffmpegBinaries, type Logger, type Service } from '@argus/runtime';
import { agentsContext } from './agents/agents.context.js';
import { AgentsRepository } from './agents/agents.repository.js';
import { HealthChecker } from './agents/health-checker.js';
import { auditContext } from './audit/audit.context.js';
import { AuditLog } from './audit/audit-log.js';
import { AuditRepository } from './audit/audit.repository.js';
import { authContext } from './auth/auth.context.js';
import { authPlugin } from './auth/auth.plugin.js';
import { createAuthenticator } from './auth/authenticate.js';
import { ssoProvider } from './auth/oidc.routes.js';
import { DEFAULT_ORG, OrgsRepository } from './auth/orgs.repository.js';
import { SessionSweeper } from './auth/session-sweeper.js';
import { SessionsRepository } from './auth/sessions.repository.js';
import { siteCheck } from './auth/site-check.js';
import { TokensRepository } from './auth/tokens.repository.js';
import { UsersRepository } from './auth/users.repository.js';
import { camerasContext } from './cameras/cameras.context.js';
import { CamerasRepository } from './cameras/cameras.repository.js';
import type { CloudConfig } from './config.js';
import { hostConsole } from './console-host.js';
import { CameraAgents } from './control/camera-agents.js';
import { ControlHub } from './control/control-hub.js';
import { controlContext } from './control/control.context.js';
import { detectionContext } from './detection/detection.context.js';
import { DetectionRepository } from './detection/detection.repository.js';
import { evidenceContext, evidenceParts } from './evidence/evidence.context.js';
import { eventsContext } from './events/events.context.js';
import { EventsRepository } from './events/events.repository.js';
import type { CloudApp } from './http/cloud-app.js';
import { errorHandler } from './http/error-handler.js';
import { DetectorHost } from './inference/detector-host.js';
import { inferenceContext } from './inference/inference.context.js';
import { InferenceKeysRepository } from './inference/inference-keys.repository.js';
import { shippedDetector } from './inference/shipped-detector.js';
import type { DetectorFactory } from './inference/object-detector-port.js';
import { layoutsContext } from './layouts/layouts.context.js';
import { LayoutsRepository } from './layouts/layouts.repository.js';
import { liveContext } from './live/live.context.js';
import { LiveSessions } from './live/live-sessions.js';
import type { ObjectStore } from './object-store/object-store.js';
import { PgMessageBus } from './pubsub/pg-message-bus.js';
import { publishAlert } from './pubsub/stream-publish.js';
import { recordingsContext } from './recordings/recordings.context.js';
import { searchContext } from './search/search.context.js';
import { SearchRepository } from './search/search.repository.js';
import { SegmentsRepository } from './recordings/segments.repository.js';
import { streamEventsListener } from './stream/event-publisher.js';
import { createEventStored } from './events/event-stored.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { MqttPublisher, mqttEventsListener } from './mqtt/mqtt-publisher.js';
import { webhooksContext } from './webhooks/webhooks.context.js';
import { WebhooksRepository } from './webhooks/webhooks.repository.js';
import { AlertEngine, engineEventOf } from './alerts/alert-engine.js';
import { alertsContext } from './alerts/alerts.context.js';
import { AlertsRepository } from './alerts/alerts.repository.js';
import { RulesRepository } from './alerts/rules.repository.js';
import { streamContext } from './stream/stream.context.js';
import { StreamHub } from './stream/stream-hub.js';
import { timelineContext } from './timeline/timeline.context.js';
import { evidenceLocksContext } from './evidence/evidence-locks.context.js';
import { EvidenceLocksRepository } from './evidence/evidence-locks.repository.js';
import { retentionContext } from './retention/retention.context.js';
import { RetentionRunner } from './retention/retention-runner.js';
import { RetentionRepository } from './retention/retention.repository.js';

export type { CloudApp } from './http/cloud-app.js';

export interface AppDeps {
  readonly config: CloudConfig;
  /** Owned by the caller: the app does not end it on close. */
  readonly pool: pg.Pool;
  /** Initialised by the caller. */
  readonly store: ObjectStore;
  readonly logger: Logger;
  /** Clock, epoch ms (upload URL expiry, default ranges, health, sessions, audit); tests fix it. */
  readonly now?: () => number;
  /** Run the health checker on its period (default true); tests call checkOnce() instead. */
  readonly startHealthChecker?: boolean;
  /** Control channel ping period (ms); default 15 s. */
  readonly controlPingMs?: number;
  /**
   * Creates the Rekognition endpoint's object detector, on the first call;
   * default: the shipped model (`@argus/models`) with CloudConfig.inference's
   * workers. Ignored when inference is off. Tests inject a fake.
   */
  readonly objectDetector?: DetectorFactory;
  /** Control presence announcement period (ms); default 10 s. */
  readonly presenceAnnounceMs?: number;
}

/** One row of the route table: what every route asks of its caller. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  /** undefined: the route declared nothing, and is closed to everyone. */
  readonly access: RouteAccess | undefined;
}

/** Long-lived parts of the app and its route table, for the server and for tests. */
export interface AppServices {
  readonly healthChecker: HealthChecker;
  readonly controlHub: ControlHub;
  readonly live: LiveSessions;
  /** The publish/subscribe layer shared by the replicas of one database (alerts publish to it; tests trim its table). */
  readonly bus: PgMessageBus;
  /** This replica's open GET /api/stream responses. */
  readonly stream: StreamHub;
  /** Retention runs (scheduled by config, or asked for). */
  readonly retention: RetentionRunner;
  readonly routes: readonly RouteEntry[];
}

declare module 'fastify' {
  interface FastifyInstance {
    argus: AppServices;
  }
}

/** Version of the HTTP API, as the OpenAPI document states it. */
const API_VERSION = '0.2.0';
const JSON_BODY_LIMIT = 1024 * 1024; // API bodies are small JSON; media bodies are streamed and bounded by their signed size

/** How the OpenAPI document states a route's access. */
function securityOf(access: RouteAccess | undefined): { security?: Array<Record<string, string[]>>; note: string } {
  if (access === 'public') return { security: [], note: 'Access: public.' };
  if (access === 'agent') return { security: [{ agentCredential: [] }], note: 'Access: edge agents (agent credential).' };
  if (access === undefined) return { note: 'Access: none declared (closed).' };
  const roles = (PERMISSIONS[access as Permission] as readonly string[]).join(', ');
  return { security: [{ sessionCookie: [] }, { apiToken: [] }], note: `Access: ${access} (${roles}).` };
}

/**
 * The cloud's HTTP application, not listening (tests drive it with
 * inject()). The composition root: builds repositories and services, then
 * registers external plugins → the auth layer → one plugin per bounded
 * context (each names the contexts it needs first) → the console with its
 * fallback. The long-lived services start when the app is ready and stop,
 * in reverse order, when it closes.
 */
export async function buildApp(deps: AppDeps): Promise<CloudApp> {
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: deps.config.trustProxy,
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
    // The path only: a query may carry a single sign-on code (and is redacted at the logger anyway).
    request.log[level]({ method: request.method, url: request.url.split('?')[0], status, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  const now = deps.now ?? Date.now;
  const { config, pool } = deps;

  // Repositories: every one is shared by the deployment's organisations; each call names its organisation.
  const orgs = new OrgsRepository(pool);
  const users = new UsersRepository(pool);
  const sessions = new SessionsRepository(pool);
  const tokens = new TokensRepository(pool);
  const audit = new AuditRepository(pool);
  const agents = new AgentsRepository(pool);
  const events = new EventsRepository(pool);
  const cameras = new CamerasRepository(pool, { now, graceMs: config.health.cameraGraceMs });
  const segments = new SegmentsRepository(pool);
  const detection = new DetectionRepository(pool);
  const inferenceKeys = new InferenceKeysRepository(pool);
  const auditLog = new AuditLog(audit, now);

  // Long-lived services, started in this order once the app is ready and stopped in reverse on close.
  // The bus first and last: the others publish to it (control presence, health events) until they stop.
  const bus = new PgMessageBus({ pool, logger: deps.logger });
  const replicaId = randomUUID(); // this process among the cloud replicas: presence, and the relay an agent pushes live video to
  const stream = new StreamHub({ bus, store: bus.store, logger: deps.logger });
  const controlHub = new ControlHub({
    logger: deps.logger, now,
    ...(deps.controlPingMs ? { pingIntervalMs: deps.controlPingMs } : {}),
    cluster: { bus, replicaId, ...(deps.presenceAnnounceMs ? { announceMs: deps.presenceAnnounceMs } : {}) },
  });
  // Alerts: the rules are evaluated on every stored event phase (the edge's and the health checker's).
  const alertRules = new RulesRepository(pool);
  const alertsRepository = new AlertsRepository(pool);
  // Webhooks: a durable queue in PostgreSQL, sent by a dispatcher on every replica.
  const webhooks = new WebhooksRepository(pool);
  const webhookDispatcher = new WebhookDispatcher({ webhooks, logger: deps.logger, now });
  // MQTT: alerts and events to the broker of ARGUS_MQTT_URL, published by the replica that stores them.
  const mqttPublisher = config.mqttUrl === undefined ? undefined : new MqttPublisher(config.mqttUrl, deps.logger);
  const alertChanged = async (orgId: string, alert: AlertRecord, kind: WebhookKind | undefined): Promise<void> => {
    await publishAlert(bus, orgId, alert);
    mqttPublisher?.publishAlert(orgId, alert);
    if (kind) await webhookDispatcher.enqueue(orgId, kind, alert);
  };
  const alertEngine = new AlertEngine({ rules: alertRules, alerts: alertsRepository, now, logger: deps.logger, onOpened: (orgId, alert) => alertChanged(orgId, alert, 'alert.opened') });
  // Every stored event phase, the edge's (POST /api/events, awaited before the answer) and the health checker's,
  // goes through this one hook; in this order (an event's webhook is queued before the alert it opens), each
  // listener's failure logged and the others still run.
  const eventStored = createEventStored([
    { name: 'stream', listener: streamEventsListener(bus) },
    ...(mqttPublisher ? [{ name: 'mqtt', listener: mqttEventsListener(mqttPublisher) }] : []),
    { name: 'webhooks', listener: (orgId, records) => webhookDispatcher.enqueueAll(orgId, 'event', records) },
    { name: 'alerts', listener: async (orgId, records) => void (await alertEngine.evaluate(orgId, records.map(engineEventOf))) },
  ], deps.logger);
  const healthChecker = new HealthChecker({
    orgs, cameras, agents, events,
    rules: { cameraGraceMs: config.health.cameraGraceMs, agentGraceMs: config.health.agentGraceMs },
    periodMs: config.health.checkPeriodMs,
    now,
    logger: deps.logger,
    eventStored,
  });
  const cameraAgents = new CameraAgents({ cameras, agents, hub: controlHub });
  const live = new LiveSessions({
    hub: controlHub, cameraAgents,
    ffmpegPath: ffmpegBinaries().ffmpeg,
    dir: join(config.dataDir, 'live'),
    rtmpPort: config.live.rtmpPort, rtmpBindHost: config.host, rtmpPublicHost: config.live.rtmpPublicHost,
    idleMs: config.live.idleMs,
    startTimeoutMs: 15_000, // a keyframe interval plus two 1 s segments, with room for a slow camera
    commandTimeoutMs: config.commandTimeoutMs,
    relayId: replicaId,
    logger: deps.logger,
  });
  const detectorHost = new DetectorHost({
    create: config.inference.enabled ? deps.objectDetector ?? shippedDetector(config.inference) : undefined,
    queueLimit: config.inference.queueLimit,
    now,
    logger: deps.logger,
  });
  const evidence = evidenceParts({ pool, cameras, segments, store: deps.store, auditLog, ffmpegPath: ffmpegBinaries().ffmpeg, workDir: join(config.dataDir, 'exports'), keyFile: config.evidence.keyFile, now, logger: deps.logger });
  const evidenceLocks = new EvidenceLocksRepository(pool);
  const retention = new RetentionRepository(pool);
  const retentionRunner = new RetentionRunner({
    db: pool, repository: retention, locks: evidenceLocks, store: deps.store, defaults: config.retention, batch: config.retention.batch,
    intervalMs: config.retention.intervalMs, now, logger: deps.logger,
  });
  // live stops before the hub: it sends live-stop while the channels are still open. The detector loads on first use.
  const services: Service[] = [bus, stream, new SessionSweeper(sessions, now, deps.logger), controlHub, ...(deps.startHealthChecker ?? true ? [healthChecker] : []), live, detectorHost, webhookDispatcher, ...(mqttPublisher ? [mqttPublisher] : []), evidence.keys, evidence.runner, retentionRunner];

  // Every route, whoever registers it, enters the route table and states its access in the OpenAPI document.
  // The table keeps the route options themselves: a plugin's own onRoute hook may set `config` after this one runs.
  const registered: Array<{ method: string | string[]; url: string; config?: { access?: RouteAccess } }> = [];
  app.decorate('argus', {
    healthChecker, controlHub, live, bus, stream, retention: retentionRunner,
    get routes(): RouteEntry[] {
      return registered.flatMap((r) => [r.method].flat().map((method) => ({ method, url: r.url, access: r.config?.access })));
    },
  });
  app.addHook('onRoute', (route) => {
    registered.push(route);
    const access = route.config?.access;
    if (route.schema && !route.schema.hide) {
      const { security, note } = securityOf(access);
      route.schema = { ...route.schema, ...(security ? { security } : {}), description: [route.schema.description, note].filter(Boolean).join(' ') };
    }
  });
  app.addHook('onReady', async () => {
    for (const service of services) await service.start();
  });
  app.addHook('onClose', async () => {
    for (const service of [...services].reverse()) await service.stop();
  });

  // External plugins.
  await app.register(cookie, { secret: config.mediaSecret }); // signs the single sign-on flow cookie
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  // The route schemas (from @argus/contracts) are the one source of the OpenAPI document (GET /api/openapi.json).
  await app.register(swagger, {
    openapi: {
      info: { title: 'Argus cloud API', version: API_VERSION, description: 'Accounts, edge ingest, recordings, playback, events, agents. Prose: docs/api.md.' },
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'argus_session', description: 'console session (POST /api/auth/login)' },
          apiToken: { type: 'http', scheme: 'bearer', description: 'API token (POST /api/tokens)' },
          agentCredential: { type: 'http', scheme: 'bearer', description: 'agent credential (POST /api/agents/enroll)' },
        },
      },
    },
  });

  // The auth layer, then the bounded contexts.
  await app.register(authPlugin, {
    authenticate: createAuthenticator({
      sessions, tokens, now,
      findAgent: (hash) => agents.findByCredentialHash(hash),
      legacyAgent: config.edgeToken === undefined ? undefined : { token: config.edgeToken, orgId: DEFAULT_ORG.id },
    }),
    allowedOrigins: config.auth.allowedOrigins,
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', {
    config: { access: 'public' },
    schema: { response: { 200: Type.Object({ status: Type.Literal('ok') }), ...errors(500) } },
  }, async () => {
    await pool.query('select 1'); // a cloud without its database is not healthy
    return { status: 'ok' as const };
  });
  const sites = siteCheck((orgId) => agents.siteIds(orgId));
  await app.register(auditContext, { audit });
  await app.register(authContext, { config: config.auth, users, sessions, tokens, orgs, audit, auditLog, sites, sso: ssoProvider(config.auth), now });
  await app.register(camerasContext, { cameras, auditLog });
  await app.register(recordingsContext, { cameras, segments, store: deps.store, auditLog, ...(deps.now ? { now: deps.now } : {}) });
  await app.register(eventsContext, { cameras, events, eventStored });
  await app.register(alertsContext, {
    rules: alertRules, alerts: alertsRepository, cameras, auditLog, now,
    onTransition: (orgId, alert, transition) => alertChanged(orgId, alert, transition === 'ack' ? 'alert.acknowledged' : transition === 'resolve' ? 'alert.resolved' : undefined),
  });
  await app.register(webhooksContext, { webhooks, dispatcher: webhookDispatcher, auditLog, now });
  await app.register(agentsContext, { agents, cameras, events, hub: controlHub, auditLog, agentGraceMs: config.health.agentGraceMs, now });
  await app.register(controlContext, { hub: controlHub, agents, auditLog, commandTimeoutMs: config.commandTimeoutMs });
  await app.register(liveContext, { live, cameras, auditLog });
  await app.register(detectionContext, { detection, cameraAgents, auditLog, commandTimeoutMs: config.commandTimeoutMs, now });
  await app.register(streamContext, { stream });
  await app.register(timelineContext, { cameras, segments, events, now });
  await app.register(searchContext, { search: new SearchRepository(pool), now });
  await app.register(evidenceLocksContext, { locks: evidenceLocks, cameras, auditLog, now });
  await app.register(evidenceContext, evidence.options);
  await app.register(layoutsContext, { layouts: new LayoutsRepository(pool), now });
  await app.register(retentionContext, { repository: retention, runner: retentionRunner, defaults: config.retention, auditLog });
  await app.register(inferenceContext, {
    keys: inferenceKeys, auditLog, now, detectorHost,
    signatures: { keys: inferenceKeys, now, legacyAgent: config.edgeToken === undefined ? undefined : { token: config.edgeToken, orgId: DEFAULT_ORG.id } },
    rates: config.inference,
  });

  await hostConsole(app, deps.config.consoleDir);
  await app.ready();
  return app;
}
