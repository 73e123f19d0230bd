/**
 * `npm run bench:cloud`: ingest, forensic search and retention at scale.
 *
 *   npm run bench:cloud -- [--events 10000000] [--segments <events / 5>] [--cameras 100] [--days 365]
 *                          [--concurrency 4] [--repeats 30] [--explain]
 *
 * One embedded PostgreSQL, one cloud (file object store), 10 sites of
 * `--cameras` cameras, a year of synthetic events ending now (labels, zones,
 * colours, scores and durations drawn from fixed distributions with a fixed
 * seed; more by day than by night):
 *
 * - ingest: every event through the real edge API (POST /api/events,
 *   batches of MAX_EVENT_BATCH, `--concurrency` in flight), against a raw
 *   PostgreSQL COPY of the same rows into a table built like `events`
 *   (same partitions, indexes and foreign keys) in the same run: events a
 *   second each, and their ratio;
 * - search: p50 / p95 over `--repeats` calls (random camera, site and day
 *   each time) of five typical searches through GET /api/search;
 * - retention: `--segments` segments (a tiny object each in the store),
 *   half at event times and half anywhere, an evidence lock on one old
 *   hour, then `argus-cloud retention-run` (the deployment-wide run, as
 *   scheduled): how long, how many segments it deleted, the objects and
 *   rows left orphaned (listing the store against the index), and whether
 *   the locked hour is intact.
 *
 * Prints the figures, then one JSON line:
 * { "events", "ingest": { "eventsPerSec", "copyEventsPerSec", "ratio" },
 *   "search": { "<name>": { "p50Ms", "p95Ms" } }, "retention": { "seconds", "deletedSegments", "orphans", "lockedIntact" } }
 * A benchmark, not a test: it asserts nothing.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createCloud, FileObjectStore, loadCloudConfig, startEmbeddedPostgres, type CloudService } from 'argus-cloud';
import { segmentKey, seededRandom } from '@argus/core';
import { EVENT_COLOURS, MAX_EVENT_BATCH } from '@argus/contracts';
import { createLogger } from '@argus/runtime';
import type { SearchFilters, SearchSort } from '@argus/contracts';
import { searchCriteria } from '../src/core/search-query.js';
import { openPool } from '../src/db/pool.js';
import { SearchRepository } from '../src/search/search.repository.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const EVENTS = Number(flag('events', '10000000'));
const SEGMENTS = Number(flag('segments', String(Math.round(EVENTS / 5))));
const CAMERAS = Number(flag('cameras', '100'));
const DAYS = Number(flag('days', '365'));
const CONCURRENCY = Number(flag('concurrency', '4'));
const REPEATS = Number(flag('repeats', '30'));
const EXPLAIN = argv.includes('--explain');
const SITES = 10;
const DAY = 86_400_000;
const ORG = 'default';
const CLOUD_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

const logger = createLogger({ name: 'bench-cloud', level: 'error' });
const edgeToken = 'bench-edge-token-0123456789abcdef';
const admin = { email: 'bench@argus.local', password: 'bench-password-0123456789' };

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const camId = (c: number): string => `cam-${String(c + 1).padStart(3, '0')}`;
const siteOf = (c: number): string => `site-${String((c % SITES) + 1).padStart(2, '0')}`;
const ZONES = ['gate', 'door', 'street', 'yard', 'parking', 'fence'];
// Share of events by label: motion most, then people and vehicles.
const LABELS: ReadonlyArray<[string, number]> = [['motion', 0.55], ['person', 0.25], ['car', 0.12], ['truck', 0.03], ['bicycle', 0.03], ['dog', 0.02]];
const labelOf = (u: number): string => {
  let acc = 0;
  for (const [label, share] of LABELS) {
    acc += share;
    if (u < acc) return label;
  }
  return 'motion';
};

interface BenchEvent {
  id: string;
  cameraId: string;
  siteId: string;
  label: string;
  score: number | null;
  zones: string[];
  color: string | undefined;
  startedAt: number;
  endedAt: number;
}

const END = Date.now();
const START = END - DAYS * DAY;

/** Start times of one camera's events, sorted: uniform over the days, twice as likely by day (07-19 h) as by night. */
function startsOf(c: number, n: number): Float64Array {
  const r = seededRandom(1000 + c);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (;;) {
      const t = START + r() * (END - START);
      const hour = new Date(t).getUTCHours();
      if (hour >= 7 && hour < 19 ? true : r() < 0.5) {
        out[i] = t;
        break;
      }
    }
  }
  return out.sort();
}

const perCamera = (c: number): number => Math.floor(EVENTS / CAMERAS) + (c < EVENTS % CAMERAS ? 1 : 0);
const startsCache = new Map<number, Float64Array>();
const cameraStarts = (c: number): Float64Array => {
  let s = startsCache.get(c);
  if (!s) {
    s = startsOf(c, perCamera(c));
    startsCache.set(c, s);
  }
  return s;
};

/** Event i of camera c: the same every time it is asked for. */
function eventOf(c: number, i: number, startedAt: number): BenchEvent {
  const r = seededRandom((c + 1) * 1_000_003 + i);
  const label = labelOf(r());
  const object = label !== 'motion';
  // Durations: log-normal-ish, median ~8 s, a long tail to ~10 min.
  const seconds = Math.min(600, Math.exp(Math.log(8) + (r() + r() + r() - 1.5) * 2.2));
  const zoneCount = r() < 0.3 ? 0 : r() < 0.8 ? 1 : 2;
  const zones = [...new Set(Array.from({ length: zoneCount }, () => pick(r, ZONES)))];
  return {
    id: `ev-${c}-${i}`,
    cameraId: camId(c),
    siteId: siteOf(c),
    label,
    score: object ? Math.round((0.5 + r() * 0.49) * 1000) / 1000 : null,
    zones,
    color: object && label !== 'dog' ? pick(r, EVENT_COLOURS) : undefined,
    startedAt: Math.round(startedAt),
    endedAt: Math.round(startedAt + seconds * 1000),
  };
}

function* allEvents(): Generator<BenchEvent> {
  for (let c = 0; c < CAMERAS; c++) {
    const starts = cameraStarts(c);
    for (let i = 0; i < starts.length; i++) yield eventOf(c, i, starts[i]!);
    startsCache.delete(c);
  }
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

const csv = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
const pgArray = (items: readonly string[]): string => `{${items.join(',')}}`;

const work = await mkdtemp(join(tmpdir(), 'argus-bench-cloud-'));
await chmod(work, 0o755); // the embedded PostgreSQL may run as another user and must read the COPY file
const postgres = await startEmbeddedPostgres({ dir: join(work, 'pg'), durability: 'fast' });
let cloud: CloudService | undefined;
const pool = openPool({ connectionString: postgres.url, max: 4 }); // its connections end when PostgreSQL stops
try {
  const dataDir = join(work, 'cloud');
  const env = {
    PORT: '0', DATABASE_URL: postgres.url, ARGUS_DATA_DIR: dataDir, ARGUS_EDGE_TOKEN: edgeToken, LOG_LEVEL: 'warn',
    ARGUS_ADMIN_EMAIL: admin.email, ARGUS_ADMIN_PASSWORD: admin.password, ARGUS_RETENTION_INTERVAL_SECONDS: '0',
  };
  cloud = createCloud(loadCloudConfig(env), { logger });
  await cloud.start();
  const base = cloud.url;
  const edge = { authorization: `Bearer ${edgeToken}`, 'content-type': 'application/json' };
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  const session = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]! };
  for (let s = 0; s < SITES; s++) {
    await fetch(`${base}/api/sites`, { method: 'POST', headers: { ...session, 'content-type': 'application/json' }, body: JSON.stringify({ id: `site-${String(s + 1).padStart(2, '0')}`, name: `Site ${s + 1}` }) });
  }
  for (let c = 0; c < CAMERAS; c++) {
    const res = await fetch(`${base}/api/cameras/${camId(c)}`, { method: 'PUT', headers: edge, body: JSON.stringify({ name: `Camera ${c + 1}`, siteId: siteOf(c), streams: ['main', 'sub'] }) });
    if (res.status !== 200) throw new Error(`camera ${camId(c)}: ${res.status} ${await res.text()}`);
  }
  console.log(`bench:cloud: ${EVENTS} events, ${SEGMENTS} segments, ${CAMERAS} cameras in ${SITES} sites, ${DAYS} days`);

  // 1. Ingest through the edge API.
  const wire = (e: BenchEvent) => ({
    id: e.id, phase: 'end', cameraId: e.cameraId, label: e.label, startedAt: new Date(e.startedAt).toISOString(), endedAt: new Date(e.endedAt).toISOString(),
    ...(e.score === null ? {} : { score: e.score }), zones: e.zones, ...(e.color === undefined ? {} : { attributes: { color: e.color } }),
  });
  const source = allEvents();
  let sent = 0;
  let nextReport = 0;
  const apiStart = performance.now();
  const sender = async (): Promise<void> => {
    for (;;) {
      const batch = [];
      for (let i = 0; i < MAX_EVENT_BATCH; i++) {
        const next = source.next();
        if (next.done) break;
        batch.push(wire(next.value));
      }
      if (batch.length === 0) return;
      const res = await fetch(`${base}/api/events`, { method: 'POST', headers: edge, body: JSON.stringify({ events: batch }) });
      const body = await res.json() as { accepted?: number };
      if (res.status !== 200 || body.accepted !== batch.length) throw new Error(`event batch: ${res.status} ${JSON.stringify(body)}`);
      sent += batch.length;
      if (sent >= nextReport) {
        const s = (performance.now() - apiStart) / 1000;
        process.stderr.write(`  ingest: ${sent} events in ${s.toFixed(0)} s (${Math.round(sent / s)}/s)\n`);
        nextReport += Math.max(MAX_EVENT_BATCH, Math.round(EVENTS / 10));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  const apiSeconds = (performance.now() - apiStart) / 1000;
  const eventsPerSec = EVENTS / apiSeconds;

  // The same rows, COPY'd by PostgreSQL from a file into a table built like events.
  const copyFile = join(work, 'events.csv');
  const out = createWriteStream(copyFile);
  const months = new Set<number>();
  for (const e of allEvents()) {
    const d = new Date(e.startedAt);
    months.add(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    const line = [
      csv(e.id), csv(ORG), csv(e.siteId), csv(e.cameraId), csv('legacy'), csv('end'), csv(e.label), csv(null), csv(e.score), csv(null),
      csv(pgArray(e.zones)), csv(JSON.stringify(e.color === undefined ? {} : { color: e.color })), csv(new Date(e.startedAt).toISOString()),
      csv(new Date(e.endedAt).toISOString()), csv(null), csv('edge'), csv('[]'),
    ].join(',');
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  await chmod(copyFile, 0o644);
  // Built like events: its defaults, checks and indexes (LIKE), and its foreign keys, which LIKE leaves out and every
  // stored row pays for (a camera and organisation lookup each; without them COPY runs 1.7 times as fast).
  await pool.query('create table bench_events_copy (like events including defaults including constraints including indexes) partition by range (started_at)');
  const { rows: foreignKeys } = await pool.query<{ def: string }>(
    "select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'events'::regclass and contype = 'f' order by conname",
  );
  for (const fk of foreignKeys) await pool.query(`alter table bench_events_copy add ${fk.def}`);
  await pool.query('select argus_ensure_month_partition($1, m) from unnest($2::timestamptz[]) m', ['bench_events_copy', [...months].map((m) => new Date(m))]);
  const copyStart = performance.now();
  await pool.query(`copy bench_events_copy (id, org_id, site_id, camera_id, agent_id, phase, label, stream, score, box, zones, attributes, started_at, ended_at, snapshot_key, source, path)
                    from '${copyFile.replace(/'/g, "''")}' with (format csv)`);
  const copySeconds = (performance.now() - copyStart) / 1000;
  const copyEventsPerSec = EVENTS / copySeconds;
  await pool.query('drop table bench_events_copy');
  await rm(copyFile, { force: true });
  const { rows: counted } = await pool.query<{ n: string }>('select count(*) as n from events');
  console.log(`ingest: API ${Math.round(eventsPerSec)} events/s (${apiSeconds.toFixed(1)} s), COPY ${Math.round(copyEventsPerSec)} events/s (${copySeconds.toFixed(1)} s), ratio ${(eventsPerSec / copyEventsPerSec).toFixed(2)}; ${counted[0]!.n} rows`);
  await pool.query('analyze events'); // as autovacuum would after a bulk load

  // 2. Searches through the API.
  const r = seededRandom(42);
  const dayStart = (): number => START + Math.floor(r() * (DAYS - 31)) * DAY + DAY;
  const iso = (t: number): string => new Date(t).toISOString();
  const searches: Record<string, () => string> = {
    'camera-label-range': () => { const d = dayStart(); return `cameraIds=${camId(Math.floor(r() * CAMERAS))}&labels=person&from=${iso(d)}&to=${iso(d + DAY)}`; },
    'site-label-week': () => { const d = dayStart(); return `siteIds=${siteOf(Math.floor(r() * SITES))}&labels=car&from=${iso(d)}&to=${iso(d + 7 * DAY)}`; },
    'color-label-month': () => { const d = dayStart(); return `color=${pick(r, ['red', 'blue', 'white'])}&labels=car&from=${iso(d)}&to=${iso(d + 30 * DAY)}`; },
    'zone-dwell': () => { const d = dayStart(); return `zones=${pick(r, ZONES)}&minDwellSeconds=60&from=${iso(d)}&to=${iso(d + 7 * DAY)}`; },
    'score-sorted': () => { const d = dayStart(); return `siteIds=${siteOf(Math.floor(r() * SITES))}&sort=score&from=${iso(d)}&to=${iso(d + DAY)}`; },
  };
  const search: Record<string, { p50Ms: number; p95Ms: number }> = {};
  for (const [name, query] of Object.entries(searches)) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < REPEATS + 3; i++) {
      const q = query();
      const t0 = performance.now();
      const res = await fetch(`${base}/api/search?${q}`, { headers: session });
      const body = await res.json() as { hits?: unknown[] };
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`search ${name}: ${res.status} ${JSON.stringify(body)}`);
      if (i >= 3) { times.push(ms); hits += body.hits?.length ?? 0; }
    }
    search[name] = { p50Ms: Math.round(quantile(times, 0.5) * 10) / 10, p95Ms: Math.round(quantile(times, 0.95) * 10) / 10 };
    console.log(`search ${name.padEnd(20)} p50 ${search[name]!.p50Ms} ms, p95 ${search[name]!.p95Ms} ms (${REPEATS} calls, ${(hits / REPEATS).toFixed(1)} hits a call)`);
    if (EXPLAIN) console.log(await explainOf(pool, query()));
  }

  // 3. Retention over segments with objects.
  const segStart = performance.now();
  const objectsRoot = join(dataDir, 'objects');
  const segMonths = new Set<number>();
  const segFile = join(work, 'segments.csv');
  const segOut = createWriteStream(segFile);
  const segPerCamera = Math.ceil(SEGMENTS / CAMERAS);
  let written = 0;
  for (let c = 0; c < CAMERAS && written < SEGMENTS; c++) {
    const rs = seededRandom(7_000 + c);
    const starts = cameraStarts(c);
    const at = new Set<number>();
    for (let i = 0; i < segPerCamera && written + at.size < SEGMENTS; i++) {
      // Half at an event's start (event recording), half anywhere; whole seconds, 4 s each.
      const t = i % 2 === 0 && starts.length > 0 ? starts[Math.floor(rs() * starts.length)]! : START + rs() * (END - START - 10_000);
      at.add(Math.floor(t / 1000) * 1000);
    }
    startsCache.delete(c);
    let seq = 0;
    for (const t of [...at].sort((a, b) => a - b)) {
      const key = segmentKey({ orgId: ORG, cameraId: camId(c), stream: 'main', startsAt: t });
      const d = new Date(t);
      segMonths.add(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
      const file = join(objectsRoot, ...key.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, 'segment.');
      const sha = '0'.repeat(64);
      const line = [csv(ORG), csv(key), csv(camId(c)), csv('main'), csv(iso(t)), csv(iso(t + 4000)), 8, csv(sha), ++seq, 0].join(',');
      if (!segOut.write(`${line}\n`)) await new Promise<void>((resolve) => segOut.once('drain', () => resolve()));
      written += 1;
    }
  }
  await new Promise<void>((resolve, reject) => segOut.end((err?: Error | null) => (err ? reject(err) : resolve())));
  await chmod(segFile, 0o644);
  await pool.query('select argus_ensure_month_partition($1, m) from unnest($2::timestamptz[]) m', ['segments', [...segMonths].map((m) => new Date(m))]);
  await pool.query(`copy segments (org_id, key, camera_id, stream, starts_at, ends_at, bytes, sha256, seq, disc_seq) from '${segFile.replace(/'/g, "''")}' with (format csv)`);
  await rm(segFile, { force: true });
  await pool.query('analyze segments');
  // An evidence lock on an old hour of camera 1, with whatever segments it holds.
  const lockFrom = END - 200 * DAY;
  const { rows: lockedBefore } = await pool.query<{ key: string }>(
    `select key from segments where org_id = $1 and camera_id = $2 and starts_at < $4 and ends_at > $3`, [ORG, camId(0), new Date(lockFrom - 3 * DAY), new Date(lockFrom + 3 * DAY)],
  );
  const lockRes = await fetch(`${base}/api/evidence-locks`, {
    method: 'POST', headers: { ...session, 'content-type': 'application/json' },
    body: JSON.stringify({ cameraId: camId(0), from: iso(lockFrom - 3 * DAY), to: iso(lockFrom + 3 * DAY), reason: 'bench: case 1' }),
  });
  if (lockRes.status !== 201) throw new Error(`lock: ${lockRes.status} ${await lockRes.text()}`);
  console.log(`retention: ${written} segments with objects written in ${((performance.now() - segStart) / 1000).toFixed(1)} s; ${lockedBefore.length} of them under an evidence lock`);

  const retentionStart = performance.now();
  const report = await runCli(['--import', 'tsx', CLOUD_MAIN, 'retention-run'], { ...process.env, ...env });
  const retentionSeconds = (performance.now() - retentionStart) / 1000;
  const parsed = JSON.parse(report) as { deletedSegments: number; deletedEvents: number; droppedPartitions: string[]; keptByLocks: number };
  const { rows: indexedRows } = await pool.query<{ key: string }>('select key from segments where org_id = $1', [ORG]);
  const indexed = new Set(indexedRows.map((r) => r.key));
  const stored = new Set<string>();
  for await (const key of new FileObjectStore(objectsRoot, 'bench').list(`org/${ORG}/cam/`)) stored.add(key);
  const orphanObjects = [...stored].filter((k) => !indexed.has(k)).length;
  const orphanRows = [...indexed].filter((k) => !stored.has(k)).length;
  const lockedIntact = lockedBefore.every((s) => indexed.has(s.key) && stored.has(s.key));
  console.log(`retention: ${retentionSeconds.toFixed(1)} s, ${parsed.deletedSegments} segments and ${parsed.deletedEvents} events deleted, ${parsed.droppedPartitions.length} partitions dropped, ${parsed.keptByLocks} kept by the lock; orphans: ${orphanObjects} objects, ${orphanRows} rows; locked hour intact: ${lockedIntact}`);

  console.log(JSON.stringify({
    events: EVENTS,
    ingest: { eventsPerSec: Math.round(eventsPerSec), copyEventsPerSec: Math.round(copyEventsPerSec), ratio: Math.round((eventsPerSec / copyEventsPerSec) * 1000) / 1000 },
    search,
    retention: { seconds: Math.round(retentionSeconds * 10) / 10, deletedSegments: parsed.deletedSegments, orphans: orphanObjects + orphanRows, lockedIntact },
  }));
} finally {
  await cloud?.stop();
  await pool.end();
  await postgres.stop();
  await rm(work, { recursive: true, force: true });
}

/**
 * The plan PostgreSQL runs for a search: the repository's own SQL, given to
 * EXPLAIN ANALYZE through a pool that prefixes it (docs/benchmarks.md shows them).
 */
async function explainOf(db: pg.Pool, query: string): Promise<string> {
  const params = new URLSearchParams(query);
  const filters = Object.fromEntries([...params.entries()].filter(([k]) => k !== 'sort')) as Record<string, string>;
  const typed = {
    ...filters,
    ...(filters.minDwellSeconds === undefined ? {} : { minDwellSeconds: Number(filters.minDwellSeconds) }),
  } as SearchFilters;
  const range = { from: Date.parse(filters.from!), to: Date.parse(filters.to!) };
  const plans: string[] = [];
  const explaining = { query: async (sql: string, values: unknown[]) => {
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off, summary on) ${sql}`, values);
    plans.push(rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n'));
    return { rows: [] };
  } };
  await new SearchRepository(explaining as unknown as pg.Pool).search(ORG, searchCriteria(typed, range, null), (params.get('sort') ?? 'time') as SearchSort, undefined, 50, Date.now());
  return `  ${query}\n${plans.join('\n')}`;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').at(-1) ?? '') : reject(new Error(`retention-run exited ${code}: ${out}`))));
  });
}
