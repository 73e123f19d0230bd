import type pg from 'pg';

export interface Org {
  readonly id: string;
  readonly name: string;
}

/** The organisation every deployment has from its first start (and that pre-tenancy data belongs to). */
export const DEFAULT_ORG: Org = Object.freeze({ id: 'default', name: 'Default organisation' });

/** Organisations: the tenants of a deployment. */
export class OrgsRepository {
  constructor(private readonly db: pg.Pool) {}

  /**
   * Creates the org unless it exists (an org that migration 003 created from
   * existing rows, named by its id, gets its name); returns whether it was
   * created.
   */
  async ensure(org: Org): Promise<boolean> {
    const { rows } = await this.db.query<{ created: boolean }>(
      `insert into orgs (id, name) values ($1, $2)
       on conflict (id) do update set name = excluded.name where orgs.name = orgs.id
       returning (xmax = 0) as created`,
      [org.id, org.name],
    );
    return rows[0]?.created === true;
  }

  async get(id: string): Promise<Org | undefined> {
    const { rows } = await this.db.query<Org>('select id, name from orgs where id = $1', [id]);
    return rows[0];
  }

  async list(): Promise<Org[]> {
    const { rows } = await this.db.query<Org>('select id, name from orgs order by id');
    return rows;
  }
}
