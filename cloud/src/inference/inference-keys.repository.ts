import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { INFERENCE_KEY_ID_PREFIX, type InferenceKeyRecord } from '@argus/contracts';
import { newId } from '../auth/secrets.js';

interface KeyRow {
  id: string;
  org_id: string;
  name: string;
  access_key_id: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, org_id, name, access_key_id, created_by, created_at, revoked_at, last_used_at';

const toRecord = (r: KeyRow): InferenceKeyRecord => ({
  id: r.id,
  name: r.name,
  accessKeyId: r.access_key_id,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `ARGUSKEY` + 12 random base32 characters: 60 bits, unique by the table's constraint. */
function newAccessKeyId(): string {
  return INFERENCE_KEY_ID_PREFIX + Array.from(randomBytes(12), (b) => BASE32[b & 31]).join('');
}

/** 40 characters, like an AWS secret access key: 240 random bits. */
const newSecretAccessKey = (): string => randomBytes(30).toString('base64url');

/** A key as the endpoint needs it to verify a signature. */
export interface ActiveInferenceKey {
  readonly id: string;
  readonly orgId: string;
  readonly secretAccessKey: string;
}

/** An enrolled agent as the endpoint needs it to verify a signature with its derived key. */
export interface ActiveAgent {
  readonly orgId: string;
  /** Lowercase hex sha256 of the agent's credential: the derived secret's starting point. */
  readonly credentialHash: string;
}

const TOUCH_EVERY_MS = 60_000; // last-used times are minutes-accurate: a call is not a write

/** Inference keys (migration 005), and the agent rows the derived keys are checked against. */
export class InferenceKeysRepository {
  constructor(private readonly db: pg.Pool) {}

  async create(input: { orgId: string; name: string; createdBy: string; at: number }): Promise<InferenceKeyRecord & { secretAccessKey: string }> {
    const secretAccessKey = newSecretAccessKey();
    for (;;) {
      const { rows } = await this.db.query<KeyRow>(
        `insert into inference_keys (id, org_id, name, access_key_id, secret_access_key, created_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (access_key_id) do nothing returning ${COLUMNS}`,
        [newId('ikey'), input.orgId, input.name, newAccessKeyId(), secretAccessKey, input.createdBy, new Date(input.at)],
      );
      if (rows[0]) return { ...toRecord(rows[0]), secretAccessKey }; // else a 1-in-2^60 clash: draw another id
    }
  }

  /** Every key of the organisation, revoked ones too, newest first; never the secret. */
  async list(orgId: string): Promise<InferenceKeyRecord[]> {
    const { rows } = await this.db.query<KeyRow>(`select ${COLUMNS} from inference_keys where org_id = $1 order by created_at desc, id`, [orgId]);
    return rows.map(toRecord);
  }

  /** Revokes the key, keeping the first revocation time when repeated. undefined: no such key in the org. */
  async revoke(orgId: string, id: string, at: number): Promise<InferenceKeyRecord | undefined> {
    const { rows } = await this.db.query<KeyRow>(
      `update inference_keys set revoked_at = coalesce(revoked_at, $3) where org_id = $1 and id = $2 returning ${COLUMNS}`,
      [orgId, id, new Date(at)],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** The active key behind an access key id, touching its last use; undefined when unknown or revoked. */
  async findActive(accessKeyId: string, at: number): Promise<ActiveInferenceKey | undefined> {
    const { rows } = await this.db.query<{ id: string; org_id: string; secret_access_key: string; last_used_at: Date | null }>(
      'select id, org_id, secret_access_key, last_used_at from inference_keys where access_key_id = $1 and revoked_at is null',
      [accessKeyId],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.last_used_at === null || at - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
      await this.db.query('update inference_keys set last_used_at = $2 where id = $1', [row.id, new Date(at)]);
    }
    return { id: row.id, orgId: row.org_id, secretAccessKey: row.secret_access_key };
  }

  /** An enrolled agent whose credential is not revoked (revocation clears the hash). */
  async findActiveAgent(agentId: string): Promise<ActiveAgent | undefined> {
    const { rows } = await this.db.query<{ org_id: string; credential_hash: string }>(
      'select org_id, credential_hash from agents where id = $1 and credential_hash is not null and revoked_at is null and site_id is not null',
      [agentId],
    );
    const row = rows[0];
    return row && { orgId: row.org_id, credentialHash: row.credential_hash };
  }
}
