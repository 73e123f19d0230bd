import type pg from 'pg';
import { DEFAULT_RULE_COOLDOWN_SECONDS, type RuleBody, type RulePatch, type RuleRecord, type RuleSchedule } from '@argus/contracts';
import { newId } from '../auth/secrets.js';
import type { RuleSpec } from '../core/alert-rules.js';

interface RuleRow {
  id: string;
  name: string;
  site_ids: string[];
  camera_ids: string[];
  labels: string[];
  zones: string[];
  min_score: number | null;
  min_dwell_seconds: number | null;
  schedule: RuleSchedule | null;
  cooldown_seconds: number;
  severity: RuleRecord['severity'];
  enabled: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, site_ids, camera_ids, labels, zones, min_score, min_dwell_seconds, schedule, cooldown_seconds, severity, enabled, created_by, created_at, updated_at';

/** Conditions stored as lists, where empty means "any" (a cleared list is empty, not NULL). */
const LIST_COLUMNS: ReadonlySet<keyof RulePatch> = new Set(['siteIds', 'cameraIds', 'zones', 'labels']);

/** A stored rule: the API's record and the evaluator's spec. */
export type StoredRule = RuleRecord & RuleSpec;

const fromRow = (r: RuleRow): StoredRule => ({
  id: r.id,
  name: r.name,
  siteIds: r.site_ids,
  cameraIds: r.camera_ids,
  labels: r.labels,
  zones: r.zones,
  minScore: r.min_score,
  minDwellSeconds: r.min_dwell_seconds,
  schedule: r.schedule,
  cooldownSeconds: r.cooldown_seconds,
  severity: r.severity,
  enabled: r.enabled,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** Alert rules of an organisation (migration 007). */
export class RulesRepository {
  constructor(private readonly db: pg.Pool) {}

  async create(orgId: string, body: RuleBody, createdBy: string, at: number): Promise<StoredRule> {
    const { rows } = await this.db.query<RuleRow>(
      `insert into alert_rules (org_id, id, name, site_ids, camera_ids, labels, zones, min_score, min_dwell_seconds, schedule, cooldown_seconds, severity, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
       returning ${COLUMNS}`,
      [
        orgId, newId('rul'), body.name, body.siteIds ?? [], body.cameraIds ?? [], body.labels, body.zones ?? [], body.minScore ?? null,
        body.minDwellSeconds ?? null, body.schedule === undefined ? null : JSON.stringify(body.schedule), body.cooldownSeconds ?? DEFAULT_RULE_COOLDOWN_SECONDS,
        body.severity, createdBy, new Date(at),
      ],
    );
    return fromRow(rows[0]!);
  }

  async list(orgId: string): Promise<StoredRule[]> {
    const { rows } = await this.db.query<RuleRow>(`select ${COLUMNS} from alert_rules where org_id = $1 order by created_at, id`, [orgId]);
    return rows.map(fromRow);
  }

  /** Rules that may fire on events of these labels (the engine's question per batch). */
  async forLabels(orgId: string, labels: readonly string[]): Promise<StoredRule[]> {
    const { rows } = await this.db.query<RuleRow>(`select ${COLUMNS} from alert_rules where org_id = $1 and enabled and labels && $2::text[]`, [orgId, [...labels]]);
    return rows.map(fromRow);
  }

  async get(orgId: string, id: string): Promise<StoredRule | undefined> {
    const { rows } = await this.db.query<RuleRow>(`select ${COLUMNS} from alert_rules where org_id = $1 and id = $2`, [orgId, id]);
    return rows[0] && fromRow(rows[0]);
  }

  /**
   * Applies a patch (fields left out keep their value; `null` clears a
   * condition: an empty list, no threshold, no schedule); undefined when
   * there is no such rule.
   */
  async update(orgId: string, id: string, patch: RulePatch, at: number): Promise<StoredRule | undefined> {
    const columns: Record<keyof RulePatch, string> = {
      name: 'name', siteIds: 'site_ids', cameraIds: 'camera_ids', labels: 'labels', zones: 'zones', minScore: 'min_score',
      minDwellSeconds: 'min_dwell_seconds', schedule: 'schedule', cooldownSeconds: 'cooldown_seconds', severity: 'severity', enabled: 'enabled',
    };
    const sets: string[] = [];
    const values: unknown[] = [orgId, id, new Date(at)];
    for (const [key, column] of Object.entries(columns) as Array<[keyof RulePatch, string]>) {
      if (!(key in patch)) continue;
      const value = patch[key];
      values.push(value === null || value === undefined ? (LIST_COLUMNS.has(key) ? [] : null) : key === 'schedule' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${values.length}`);
    }
    const { rows } = await this.db.query<RuleRow>(
      `update alert_rules set updated_at = $3${sets.map((s) => `, ${s}`).join('')} where org_id = $1 and id = $2 returning ${COLUMNS}`,
      values,
    );
    return rows[0] && fromRow(rows[0]);
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('delete from alert_rules where org_id = $1 and id = $2', [orgId, id]);
    return (rowCount ?? 0) > 0;
  }
}
