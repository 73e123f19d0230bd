import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  AlertAckBody, AlertAssignBody, AlertListResponse, AlertQuery, AlertRecord, AlertResolveBody, errors, RuleBody, RuleIdParams, RuleListResponse,
  RulePatch, RuleRecord, type RuleSchedule,
} from '@argus/contracts';
import { Type } from 'typebox';
import type { AuditLog } from '../audit/audit-log.js';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import { checkTimeZone } from '../core/alert-rules.js';
import { CloudError } from '../errors.js';
import { instantParam } from '../http/instant-param.js';
import { actorOf, personOf, requireScope, type TenantScope } from '../http/principal.js';
import type { AlertsRepository, AlertTransition } from './alerts.repository.js';
import type { RulesRepository, StoredRule } from './rules.repository.js';

export interface AlertsRoutesOptions {
  readonly rules: RulesRepository;
  readonly alerts: AlertsRepository;
  readonly cameras: CamerasRepository;
  readonly auditLog: AuditLog;
  readonly now: () => number;
  /** An alert was acknowledged, resolved or assigned (the stream, webhooks). */
  readonly onTransition?: (orgId: string, alert: AlertRecord, transition: AlertTransition['kind']) => Promise<void> | void;
}

const AlertIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** The record the API shows of a stored rule (the evaluator's extra fields are the same values). */
const ruleRecord = (r: StoredRule): RuleRecord => ({
  id: r.id, name: r.name, siteIds: [...r.siteIds], cameraIds: [...r.cameraIds], labels: [...r.labels], zones: [...r.zones], minScore: r.minScore,
  minDwellSeconds: r.minDwellSeconds, schedule: r.schedule, cooldownSeconds: r.cooldownSeconds, severity: r.severity, enabled: r.enabled,
  createdBy: r.createdBy, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

/**
 * Alert rules (`rule.manage` to change, `camera.view` to read) and alerts
 * (`camera.view` to read, `alert.handle` to acknowledge, resolve and
 * assign), scoped to the caller's organisation and sites. Every change and
 * transition is audited.
 */
export const alertsRoutes: FastifyPluginAsyncTypebox<AlertsRoutesOptions> = async (app, { rules, alerts, cameras, auditLog, now, onTransition }) => {
  /** A rule within the caller's scope: a site-scoped caller names sites, all of them theirs, and cameras of them. */
  const checkRule = async (scope: TenantScope, body: { siteIds?: readonly string[] | undefined; cameraIds?: readonly string[] | undefined; schedule?: RuleSchedule | undefined }): Promise<void> => {
    if (body.schedule !== undefined) {
      try {
        checkTimeZone(body.schedule.timeZone);
      } catch {
        throw new CloudError('CLD_ERR_VALIDATION', `body/schedule/timeZone: unknown time zone ${JSON.stringify(body.schedule.timeZone)} (an IANA name such as Europe/Paris)`, { field: 'schedule.timeZone' });
      }
    }
    if (scope.siteIds !== null) {
      if (body.siteIds === undefined || body.siteIds.length === 0) {
        throw new CloudError('CLD_ERR_VALIDATION', 'body/siteIds: name the sites of the rule (this account sees only some sites)', { field: 'siteIds' });
      }
      const outside = body.siteIds.filter((s) => !scope.siteIds!.includes(s));
      if (outside.length > 0) throw new CloudError('CLD_ERR_FORBIDDEN_SITE', `sites ${outside.join(', ')} are not this account's`);
    }
    if (body.cameraIds !== undefined && body.cameraIds.length > 0) {
      const sites = await cameras.sitesOf(scope.orgId, body.cameraIds);
      const unknown = body.cameraIds.filter((c) => !sites.has(c) || (scope.siteIds !== null && !scope.siteIds.includes(sites.get(c)!)));
      if (unknown.length > 0) throw new CloudError('CLD_ERR_VALIDATION', `body/cameraIds: no camera ${unknown.join(', ')}`, { field: 'cameraIds' });
    }
  };

  /** A rule the caller may see: a site-scoped caller sees rules of its sites only. */
  const visibleRule = (scope: TenantScope, rule: StoredRule): boolean =>
    scope.siteIds === null || (rule.siteIds.length > 0 && rule.siteIds.every((s) => scope.siteIds!.includes(s)));

  const ruleOf = async (scope: TenantScope, id: string): Promise<StoredRule> => {
    const rule = await rules.get(scope.orgId, id);
    if (!rule || !visibleRule(scope, rule)) throw new CloudError('CLD_ERR_RULE_NOT_FOUND', `no rule ${id}`, { field: 'id' });
    return rule;
  };

  app.post('/api/rules', {
    config: { access: 'rule.manage' },
    schema: { body: RuleBody, response: { 201: RuleRecord, ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    await checkRule(scope, request.body);
    const rule = await rules.create(scope.orgId, request.body, actorOf(request.principal), now());
    await auditLog.record(request, { action: 'rule.create', target: `rule:${rule.id} ${rule.name}` });
    return reply.status(201).send(ruleRecord(rule));
  });

  app.get('/api/rules', {
    config: { access: 'camera.view' },
    schema: { response: { 200: RuleListResponse, ...errors(401, 403) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    return { rules: (await rules.list(scope.orgId)).filter((r) => visibleRule(scope, r)).map(ruleRecord) };
  });

  app.patch('/api/rules/:id', {
    config: { access: 'rule.manage' },
    schema: { params: RuleIdParams, body: RulePatch, response: { 200: RuleRecord, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const scope = requireScope(request.principal);
    const before = await ruleOf(scope, request.params.id);
    // null clears a condition: no sites is every site (which a site-scoped caller may not ask for), no cameras or schedule has nothing to check.
    const { siteIds, cameraIds, schedule } = request.body;
    await checkRule(scope, { siteIds: siteIds === null ? [] : siteIds ?? before.siteIds, cameraIds: cameraIds ?? undefined, schedule: schedule ?? undefined });
    const rule = await rules.update(scope.orgId, before.id, request.body, now());
    if (!rule) throw new CloudError('CLD_ERR_RULE_NOT_FOUND', `no rule ${request.params.id}`, { field: 'id' });
    await auditLog.record(request, { action: 'rule.update', target: `rule:${rule.id} ${rule.name} (${Object.keys(request.body).join(', ')})` });
    return ruleRecord(rule);
  });

  app.delete('/api/rules/:id', {
    config: { access: 'rule.manage' },
    schema: { params: RuleIdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (request, reply) => {
    const scope = requireScope(request.principal);
    const rule = await ruleOf(scope, request.params.id);
    await rules.delete(scope.orgId, rule.id);
    await auditLog.record(request, { action: 'rule.delete', target: `rule:${rule.id} ${rule.name}` });
    return reply.status(204).send(null);
  });

  app.get('/api/alerts', {
    config: { access: 'camera.view' },
    schema: { querystring: AlertQuery, response: { 200: AlertListResponse, ...errors(400, 401, 403) } },
  }, async (request) => {
    const { orgId, siteIds } = requireScope(request.principal);
    const { state, cameraId, from, to, limit = 100 } = request.query;
    const instant = (field: 'from' | 'to', value: string | undefined): number | undefined => (value === undefined ? undefined : instantParam(field, value, 'CLD_ERR_BAD_RANGE'));
    return { alerts: await alerts.list({ orgId, siteIds, state, cameraId, from: instant('from', from), to: instant('to', to), limit }) };
  });

  const transition = async (request: FastifyRequest, id: string, action: string, t: AlertTransition): Promise<AlertRecord> => {
    const { orgId, siteIds } = requireScope(request.principal);
    const result = await alerts.transition(orgId, siteIds, id, t);
    if (!result) throw new CloudError('CLD_ERR_ALERT_NOT_FOUND', `no alert ${id}`, { field: 'id' });
    if ('refused' in result) {
      await auditLog.record(request, { action, target: `alert:${id}`, result: 'denied' });
      throw new CloudError('CLD_ERR_ALERT_STATE', `alert ${id} is ${result.refused}: it cannot be ${action === 'alert.assign' ? 'assigned' : action === 'alert.ack' ? 'acknowledged' : 'resolved'}`);
    }
    await auditLog.record(request, { action, target: `alert:${id} ${result.ruleName} ${result.cameraId ?? ''}`.trim() });
    await onTransition?.(orgId, result, t.kind);
    return result;
  };

  app.post('/api/alerts/:id/ack', {
    config: { access: 'alert.handle' },
    schema: { params: AlertIdParams, body: Type.Optional(AlertAckBody), response: { 200: AlertRecord, ...errors(400, 401, 403, 404, 409) } },
  }, async (request) => transition(request, request.params.id, 'alert.ack', { kind: 'ack', by: actorOf(personOf(request.principal)), at: now(), note: request.body?.note }));

  app.post('/api/alerts/:id/resolve', {
    config: { access: 'alert.handle' },
    schema: { params: AlertIdParams, body: Type.Optional(AlertResolveBody), response: { 200: AlertRecord, ...errors(400, 401, 403, 404, 409) } },
  }, async (request) => transition(request, request.params.id, 'alert.resolve', { kind: 'resolve', by: actorOf(personOf(request.principal)), at: now(), note: request.body?.note }));

  app.post('/api/alerts/:id/assign', {
    config: { access: 'alert.handle' },
    schema: { params: AlertIdParams, body: AlertAssignBody, response: { 200: AlertRecord, ...errors(400, 401, 403, 404, 409) } },
  }, async (request) => transition(request, request.params.id, 'alert.assign', { kind: 'assign', assignee: request.body.assignee }));
};
