import type pg from 'pg';

/** The tables range-partitioned by month (migration 011). */
export type PartitionedTable = 'events' | 'segments';


/** The first instant of the UTC calendar month holding `at` (epoch ms). */
export function monthStart(at: number): number {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The partition name of a month, as argus_ensure_month_partition names it. */
export function partitionName(table: PartitionedTable, at: number): string {
  const d = new Date(monthStart(at));
  return `${table}_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** PostgreSQL's answer to a row whose partition does not exist. */
export function isMissingPartition(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23514'
    && /no partition of relation/.test((err as Error).message);
}

/**
 * Makes sure the monthly partitions for some instants exist before rows are
 * written there (argus_ensure_month_partition, migration 011). Remembers the
 * months it has seen, so a steady ingest costs no query; a partition dropped
 * since by retention (on any replica) is noticed by `write`, which forgets,
 * creates and retries once.
 */
export class MonthPartitions {
  private readonly known = new Set<string>();

  constructor(private readonly db: pg.Pool, private readonly table: PartitionedTable) {}

  async ensure(instants: Iterable<number>): Promise<void> {
    const missing = new Map<string, number>();
    for (const at of instants) {
      const name = partitionName(this.table, at);
      if (!this.known.has(name)) missing.set(name, monthStart(at));
    }
    if (missing.size === 0) return;
    // Outside the writer's transaction, one month a statement: creating a partition locks its parent
    // exclusively until it commits, so the lock is held for as little as possible (and only once a month).
    for (const [name, month] of missing) {
      await this.db.query('select argus_ensure_month_partition($1, $2)', [this.table, new Date(month)]);
      this.known.add(name);
    }
  }

  /** Runs `fn` (which writes rows at `instants`) once their partitions exist; again once if one was dropped meanwhile. */
  async write<T>(instants: readonly number[], fn: () => Promise<T>): Promise<T> {
    await this.ensure(instants);
    try {
      return await fn();
    } catch (err) {
      if (!isMissingPartition(err)) throw err;
      this.known.clear();
      await this.ensure(instants);
      return fn();
    }
  }

  /** After partitions were dropped here. */
  forget(): void {
    this.known.clear();
  }
}
