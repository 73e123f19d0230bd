import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../db/transaction.js';
import type { AgentPrincipal, TenantScope } from '../http/principal.js';
import { AGENT_CREDENTIAL_PREFIX, ENROLLMENT_TOKEN_PREFIX, newSecret, secretHash } from '../auth/secrets.js';
import type { AgentObservation } from '../core/health-rules.js';
import type { HeartbeatBody, Site } from '@argus/contracts';

interface SiteRow {
  id: string;
  name: string;
  created_at: Date | null;
}

const toSite = (r: SiteRow): Site => ({ id: r.id, name: r.name, createdAt: r.created_at?.toISOString() ?? null });

export interface AgentRecord extends AgentObservation {
  readonly orgId: string;
  readonly name: string;
  readonly revokedAt: number | null;
  readonly version: string;
  readonly clockSkewMs: number | null;
  readonly spool: { segments: number; bytes: number } | null;
  readonly diskFreeBytes: number | null;
}

interface AgentRow {
  id: string;
  org_id: string;
  revoked_at: Date | null;
  site_id: string | null;
  name: string;
  version: string;
  created_at: Date;
  last_seen_at: Date | null;
  clock_skew_ms: number | null;
  heartbeat: HeartbeatBody | null;
}

const toAgent = (r: AgentRow): AgentRecord => ({
  id: r.id,
  orgId: r.org_id,
  revokedAt: r.revoked_at?.getTime() ?? null,
  siteId: r.site_id,
  name: r.name,
  version: r.version,
  createdAt: r.created_at.getTime(),
  lastSeenAt: r.last_seen_at?.getTime() ?? null,
  clockSkewMs: r.clock_skew_ms,
  spool: r.heartbeat?.spool ?? null,
  diskFreeBytes: r.heartbeat?.disk?.freeBytes ?? null,
});

export type EnrollOutcome =
  | { readonly outcome: 'enrolled'; readonly agentId: string; readonly orgId: string; readonly siteId: string; readonly credential: string }
  | { readonly outcome: 'unknown' }
  | { readonly outcome: 'used' }
  | { readonly outcome: 'expired'; readonly expiredAt: number };

const scopeSites = (scope: TenantScope): string[] | null => (scope.siteIds === null ? null : [...scope.siteIds]);

/** Sites, enrollment tokens, agents and their heartbeats; each call names the organisation. */
export class AgentsRepository {
  constructor(private readonly db: pg.Pool) {}

  /** undefined when the id is taken in the org. */
  async createSite(orgId: string, id: string, name: string): Promise<Site | undefined> {
    const { rows } = await this.db.query<SiteRow>(
      'insert into sites (id, org_id, name) values ($1, $2, $3) on conflict do nothing returning id, name, created_at',
      [id, orgId, name],
    );
    return rows[0] && toSite(rows[0]);
  }

  /**
   * Created sites, and sites that only exist because cameras name them
   * (written with the legacy credential); the latter are named by their id.
   */
  async sites(scope: TenantScope): Promise<Site[]> {
    const { rows } = await this.db.query<SiteRow>(
      `select id, name, created_at from (
         select id, name, created_at from sites where org_id = $1
         union all
         select distinct c.site_id, c.site_id, null::timestamptz from cameras c
          where c.org_id = $1 and not exists (select 1 from sites s where s.org_id = c.org_id and s.id = c.site_id)
       ) all_sites
       where $2::text[] is null or id = any($2)
       order by id`,
      [scope.orgId, scopeSites(scope)],
    );
    return rows.map(toSite);
  }

  async site(scope: TenantScope, id: string): Promise<Site | undefined> {
    return (await this.sites(scope)).find((s) => s.id === id);
  }

  /** Ids of every site of the org (created, or named by its cameras). */
  async siteIds(orgId: string): Promise<Set<string>> {
    return new Set((await this.sites({ orgId, siteIds: null })).map((s) => s.id));
  }

  /** A one-time token for `siteId`; only its hash is stored. */
  async createEnrollmentToken(orgId: string, siteId: string, expiresAt: number): Promise<string> {
    const token = newSecret(ENROLLMENT_TOKEN_PREFIX);
    await this.db.query('insert into enrollment_tokens (token_hash, org_id, site_id, expires_at) values ($1, $2, $3, $4)', [secretHash(token), orgId, siteId, new Date(expiresAt)]);
    return token;
  }

  /**
   * Trades a token for a new agent and its credential, once: the token row
   * is locked, so two agents racing with the same token cannot both win.
   */
  async enroll(token: string, agent: { name: string; version: string }, now: number): Promise<EnrollOutcome> {
    return inTransaction(this.db, async (client) => {
      const { rows } = await client.query<{ org_id: string; site_id: string; expires_at: Date; used_at: Date | null }>(
        'select t.org_id, t.site_id, t.expires_at, t.used_at from enrollment_tokens t where t.token_hash = $1 for update of t',
        [secretHash(token)],
      );
      const row = rows[0];
      let outcome: EnrollOutcome;
      if (!row) outcome = { outcome: 'unknown' };
      else if (row.used_at !== null) outcome = { outcome: 'used' };
      else if (row.expires_at.getTime() <= now) outcome = { outcome: 'expired', expiredAt: row.expires_at.getTime() };
      else {
        const agentId = `agent-${randomBytes(6).toString('hex')}`;
        const credential = newSecret(AGENT_CREDENTIAL_PREFIX);
        await client.query(
          'insert into agents (id, org_id, site_id, name, version, credential_hash, created_at) values ($1, $2, $3, $4, $5, $6, $7)',
          [agentId, row.org_id, row.site_id, agent.name, agent.version, secretHash(credential), new Date(now)],
        );
        await client.query('update enrollment_tokens set used_at = $2, agent_id = $3 where token_hash = $1', [secretHash(token), new Date(now), agentId]);
        outcome = { outcome: 'enrolled', agentId, orgId: row.org_id, siteId: row.site_id, credential };
      }
      return outcome;
    });
  }

  /** The row of the bootstrap agent (ARGUS_EDGE_TOKEN), which enrols nowhere: made when it first shows up. */
  async ensureLegacyAgent(principal: AgentPrincipal, version: string, now: number, client: pg.Pool | pg.PoolClient = this.db): Promise<void> {
    await client.query(
      `insert into agents (id, org_id, site_id, name, version, created_at) values ($1, $2, null, 'legacy edge (ARGUS_EDGE_TOKEN)', $3, $4)
       on conflict (id) do nothing`,
      [principal.agentId, principal.orgId, version, new Date(now)],
    );
  }

  /** The agent holding a credential; revoked credentials have no hash left, so they find nothing. */
  async findByCredentialHash(hash: string): Promise<{ id: string; orgId: string; siteId: string } | undefined> {
    const { rows } = await this.db.query<{ id: string; org_id: string; site_id: string }>(
      'select id, org_id, site_id from agents where credential_hash = $1 and site_id is not null and revoked_at is null',
      [hash],
    );
    return rows[0] && { id: rows[0].id, orgId: rows[0].org_id, siteId: rows[0].site_id };
  }

  async get(scope: TenantScope, id: string): Promise<AgentRecord | undefined> {
    return (await this.agents(scope)).find((a) => a.id === id);
  }

  /** Forgets the agent's credential (only its hash was kept); the agent must enrol again. */
  async revokeCredential(orgId: string, id: string, at: number): Promise<number | undefined> {
    const { rows } = await this.db.query<{ revoked_at: Date }>(
      `update agents set credential_hash = null, revoked_at = coalesce(revoked_at, $3)
        where org_id = $1 and id = $2 and site_id is not null
        returning revoked_at`,
      [orgId, id, new Date(at)],
    );
    return rows[0]?.revoked_at.getTime();
  }

  /**
   * Stores the latest heartbeat and the health of each reported camera the
   * agent may write (others are skipped: a camera not yet announced, or of
   * another site). The legacy agent gets its row on its first heartbeat.
   * Returns the ids of the cameras stored.
   */
  async recordHeartbeat(principal: AgentPrincipal, body: HeartbeatBody, now: number): Promise<string[]> {
    return inTransaction(this.db, async (client) => {
      const at = new Date(now);
      if (principal.siteId === null) await this.ensureLegacyAgent(principal, body.version, now, client);
      await client.query(
        'update agents set last_seen_at = $2, version = $3, heartbeat = $4, clock_skew_ms = $5 where id = $1 and org_id = $6',
        [principal.agentId, at, body.version, JSON.stringify(body), body.clockSkewMs ?? null, principal.orgId],
      );
      const { rows } = await client.query<{ id: string }>(
        'select id from cameras where org_id = $1 and id = any($2) and ($3::text is null or site_id = $3)',
        [principal.orgId, body.cameras.map((c) => c.id), principal.siteId],
      );
      const allowed = new Set(rows.map((r) => r.id));
      const stored: string[] = [];
      for (const camera of body.cameras) {
        if (!allowed.has(camera.id)) continue;
        await client.query(
          `insert into camera_health (org_id, camera_id, agent_id, state, state_since, fps, bitrate_kbps, last_segment_at, reported_at)
           values ($8, $1, $2, $3, $4, $5, $6, $7, $4)
           on conflict (org_id, camera_id) do update set
             agent_id = excluded.agent_id, state = excluded.state,
             state_since = case when camera_health.state = excluded.state then camera_health.state_since else excluded.state_since end,
             fps = excluded.fps, bitrate_kbps = excluded.bitrate_kbps,
             last_segment_at = greatest(camera_health.last_segment_at, excluded.last_segment_at),
             reported_at = excluded.reported_at`,
          [camera.id, principal.agentId, camera.state, at, camera.fps ?? null, camera.bitrateKbps ?? null, camera.lastSegmentAt ? new Date(camera.lastSegmentAt) : null, principal.orgId],
        );
        stored.push(camera.id);
      }
      return stored;
    });
  }

  /**
   * Agents of the scope; with `siteId`, those of the site and those
   * reporting one of its cameras (the legacy agent). A site-scoped caller
   * sees the agents of its sites, and the legacy agent where it reports
   * their cameras.
   */
  async agents(scope: TenantScope, siteId?: string): Promise<AgentRecord[]> {
    const reports = (sites: string) =>
      `exists (select 1 from camera_health h join cameras c on c.org_id = h.org_id and c.id = h.camera_id where h.org_id = a.org_id and h.agent_id = a.id and c.site_id = any(${sites}))`;
    const { rows } = await this.db.query<AgentRow>(
      `select a.id, a.org_id, a.site_id, a.name, a.version, a.created_at, a.last_seen_at, a.clock_skew_ms, a.heartbeat, a.revoked_at
         from agents a
        where a.org_id = $1
          and ($2::text is null or a.site_id = $2 or ${reports('array[$2::text]')})
          and ($3::text[] is null or a.site_id = any($3) or ${reports('$3')})
        order by a.id`,
      [scope.orgId, siteId ?? null, scopeSites(scope)],
    );
    return rows.map(toAgent);
  }
}
