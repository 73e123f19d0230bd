import type pg from 'pg';
import { EMPTY_LAYOUTS, type LayoutsDocument } from '@argus/contracts';

/** The owner of a layouts document: a user of an organisation. */
export interface LayoutsOwner {
  readonly orgId: string;
  readonly userId: string;
}

/** Saved Live wall layouts, one document per user (migration 013). */
export class LayoutsRepository {
  constructor(private readonly pool: pg.Pool) {}

  /** The user's document; the empty one when nothing was saved yet. */
  async get(owner: LayoutsOwner): Promise<LayoutsDocument> {
    const { rows } = await this.pool.query<{ document: LayoutsDocument }>(
      'select document from user_layouts where org_id = $1 and user_id = $2',
      [owner.orgId, owner.userId],
    );
    return rows[0]?.document ?? { ...EMPTY_LAYOUTS, layouts: [] };
  }

  /** Replaces the user's document. */
  async put(owner: LayoutsOwner, document: LayoutsDocument, at: number): Promise<void> {
    await this.pool.query(
      `insert into user_layouts (org_id, user_id, document, updated_at) values ($1, $2, $3, $4)
       on conflict (org_id, user_id) do update set document = excluded.document, updated_at = excluded.updated_at`,
      [owner.orgId, owner.userId, JSON.stringify(document), new Date(at)],
    );
  }
}
