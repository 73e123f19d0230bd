import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { EdgePrincipal } from '../http/edge-auth.js';
import { AGENT_CREDENTIAL_PREFIX, ENROLLMENT_TOKEN_PREFIX, newSecret, secretHash } from './credentials.js';
import type { AgentObservation } from './health-rules.js';
import type { HeartbeatBody, Site } from '@argus/contracts';

interface SiteRow {
  id: string;
  name: string;
  created_at: Date | null;
}

const toSite = (r: SiteRow): Site => ({ id: r.id, name: r.name, createdAt: r.created_at?.toISOString() ?? null });

export interface AgentRecord extends AgentObservation {
  readonly name: string;
  readonly version: string;
  readonly clockSkewMs: number | null;
  readonly spool: { segments: number; bytes: number } | null;
  readonly diskFreeBytes: number | null;
}

interface AgentRow {
  id: string;
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
  | { readonly outcome: 'enrolled'; readonly agentId: string; readonly siteId: string; readonly credential: string }
  | { readonly outcome: 'unknown' }
  | { readonly outcome: 'used' }
  | { readonly outcome: 'expired'; readonly expiredAt: number };

/** Sites, enrollment tokens, agents and their heartbeats, of one org. */
export class AgentsRepository {
  constructor(
    private readonly db: pg.Pool,
    private readonly orgId: string,
  ) {}

  /** undefined when the id is taken. */
  async createSite(id: string, name: string): Promise<Site | undefined> {
    const { rows } = await this.db.query<SiteRow>(
      'insert into sites (id, org_id, name) values ($1, $2, $3) on conflict do nothing returning id, name, created_at',
      [id, this.orgId, name],
    );
    return rows[0] && toSite(rows[0]);
  }

  /**
   * Created sites, and sites that only exist because cameras name them
   * (written with the legacy credential); the latter are named by their id.
   */
  async sites(): Promise<Site[]> {
    const { rows } = await this.db.query<SiteRow>(
      `select id, name, created_at from sites where org_id = $1
       union all
       select distinct c.site_id, c.site_id, null::timestamptz from cameras c
        where c.org_id = $1 and not exists (select 1 from sites s where s.id = c.site_id)
       order by id`,
      [this.orgId],
    );
    return rows.map(toSite);
  }

  async site(id: string): Promise<Site | undefined> {
    return (await this.sites()).find((s) => s.id === id);
  }

  /** A one-time token for `siteId`; only its hash is stored. */
  async createEnrollmentToken(siteId: string, expiresAt: number): Promise<string> {
    const token = newSecret(ENROLLMENT_TOKEN_PREFIX);
    await this.db.query('insert into enrollment_tokens (token_hash, site_id, expires_at) values ($1, $2, $3)', [secretHash(token), siteId, new Date(expiresAt)]);
    return token;
  }

  /**
   * Trades a token for a new agent and its credential, once: the token row
   * is locked, so two agents racing with the same token cannot both win.
   */
  async enroll(token: string, agent: { name: string; version: string }, now: number): Promise<EnrollOutcome> {
    const client = await this.db.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<{ site_id: string; expires_at: Date; used_at: Date | null }>(
        'select t.site_id, t.expires_at, t.used_at from enrollment_tokens t join sites s on s.id = t.site_id where t.token_hash = $1 and s.org_id = $2 for update of t',
        [secretHash(token), this.orgId],
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
          [agentId, this.orgId, row.site_id, agent.name, agent.version, secretHash(credential), new Date(now)],
        );
        await client.query('update enrollment_tokens set used_at = $2, agent_id = $3 where token_hash = $1', [secretHash(token), new Date(now), agentId]);
        outcome = { outcome: 'enrolled', agentId, siteId: row.site_id, credential };
      }
      await client.query('commit');
      return outcome;
    } catch (err) {
      await client.query('rollback').catch(() => undefined); // a broken connection: the first error is the one to report
      throw err;
    } finally {
      client.release();
    }
  }

  async findByCredentialHash(hash: string): Promise<{ id: string; siteId: string } | undefined> {
    const { rows } = await this.db.query<{ id: string; site_id: string }>(
      'select id, site_id from agents where credential_hash = $1 and org_id = $2 and site_id is not null',
      [hash, this.orgId],
    );
    return rows[0] && { id: rows[0].id, siteId: rows[0].site_id };
  }

  async exists(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('select 1 from agents where id = $1 and org_id = $2', [id, this.orgId]);
    return rowCount === 1;
  }

  /**
   * Stores the latest heartbeat and the health of each reported camera the
   * agent may write (others are skipped: a camera not yet announced, or of
   * another site). The legacy agent gets its row on its first heartbeat.
   * Returns the ids of the cameras stored.
   */
  async recordHeartbeat(principal: EdgePrincipal, body: HeartbeatBody, now: number): Promise<string[]> {
    const client = await this.db.connect();
    try {
      await client.query('begin');
      const at = new Date(now);
      if (principal.kind === 'legacy') {
        await client.query(
          `insert into agents (id, org_id, site_id, name, version, created_at) values ($1, $2, null, 'legacy edge (ARGUS_EDGE_TOKEN)', $3, $4)
           on conflict (id) do nothing`,
          [principal.agentId, this.orgId, body.version, at],
        );
      }
      await client.query(
        'update agents set last_seen_at = $2, version = $3, heartbeat = $4, clock_skew_ms = $5 where id = $1',
        [principal.agentId, at, body.version, JSON.stringify(body), body.clockSkewMs ?? null],
      );
      const { rows } = await client.query<{ id: string }>(
        'select id from cameras where org_id = $1 and id = any($2) and ($3::text is null or site_id = $3)',
        [this.orgId, body.cameras.map((c) => c.id), principal.siteId ?? null],
      );
      const allowed = new Set(rows.map((r) => r.id));
      const stored: string[] = [];
      for (const camera of body.cameras) {
        if (!allowed.has(camera.id)) continue;
        await client.query(
          `insert into camera_health (camera_id, agent_id, state, state_since, fps, bitrate_kbps, last_segment_at, reported_at)
           values ($1, $2, $3, $4, $5, $6, $7, $4)
           on conflict (camera_id) do update set
             agent_id = excluded.agent_id, state = excluded.state,
             state_since = case when camera_health.state = excluded.state then camera_health.state_since else excluded.state_since end,
             fps = excluded.fps, bitrate_kbps = excluded.bitrate_kbps,
             last_segment_at = greatest(camera_health.last_segment_at, excluded.last_segment_at),
             reported_at = excluded.reported_at`,
          [camera.id, principal.agentId, camera.state, at, camera.fps ?? null, camera.bitrateKbps ?? null, camera.lastSegmentAt ? new Date(camera.lastSegmentAt) : null],
        );
        stored.push(camera.id);
      }
      await client.query('commit');
      return stored;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Agents of the org; with `siteId`, those of the site and those reporting one of its cameras (the legacy agent). */
  async agents(siteId?: string): Promise<AgentRecord[]> {
    const { rows } = await this.db.query<AgentRow>(
      `select a.id, a.site_id, a.name, a.version, a.created_at, a.last_seen_at, a.clock_skew_ms, a.heartbeat
         from agents a
        where a.org_id = $1
          and ($2::text is null or a.site_id = $2
               or exists (select 1 from camera_health h join cameras c on c.id = h.camera_id where h.agent_id = a.id and c.site_id = $2))
        order by a.id`,
      [this.orgId, siteId ?? null],
    );
    return rows.map(toAgent);
  }
}
