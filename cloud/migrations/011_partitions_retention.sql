-- Storage for scale: events and segments range-partitioned by time, one
-- partition per calendar month (UTC), so searches prune to the months they
-- ask for and retention drops whole partitions. Partitions are created on
-- demand by argus_ensure_month_partition (ingest calls it for the months of
-- its rows); there is no default partition, so no row is ever parked where
-- a later partition could not be attached.
--
-- PostgreSQL requires the partition key in every unique key: an event is
-- keyed (org_id, id, started_at) — the edge never changes an event's start
-- between its phases, and the cloud upserts with the start it stored — and
-- a segment (org_id, camera_id, stream, starts_at), its key being unique
-- with its start (the key embeds the start). org_id leads every key, so the
-- tables can be sharded on it (Citus) later.
--
-- Also here: evidence locks, per-camera retention, per-site quotas and the
-- retention runs' reports.

create function argus_ensure_month_partition(parent text, at timestamptz) returns text
language plpgsql as $$
declare
  lo   timestamptz := date_trunc('month', at, 'UTC');
  hi   timestamptz := lo + interval '1 month';
  name text := parent || '_p' || to_char(lo at time zone 'UTC', 'YYYYMM');
begin
  if not exists (select 1 from pg_class where relname = name and relnamespace = current_schema()::regnamespace) then
    -- One creator at a time, whatever the table or month: creating a partition
    -- locks its parent exclusively, and two creators taking months in
    -- different orders would deadlock. The check is repeated under the lock
    -- by a new statement, which sees what the creator before committed.
    perform pg_advisory_xact_lock(hashtextextended('argus-partitions', 0));
    if not exists (select 1 from pg_class where relname = name and relnamespace = current_schema()::regnamespace) then
      execute format('create table %I partition of %I for values from (%L) to (%L)', name, parent, lo, hi);
    end if;
  end if;
  return name;
end $$;

-- Events ------------------------------------------------------------------

alter table events rename to events_unpartitioned;
alter table events_unpartitioned rename constraint events_pkey to events_unpartitioned_pkey;
alter table events_unpartitioned drop constraint events_camera_fkey;
alter table events_unpartitioned drop constraint events_org_fkey;
drop index events_camera_started_idx;
drop index events_started_idx;
drop index events_open_health_idx;
drop index events_camera_offline_idx;

create table events (
  id           text not null,
  org_id       text not null,
  site_id      text,
  camera_id    text,
  agent_id     text,
  phase        text not null check (phase in ('start', 'update', 'end')),
  label        text not null,
  stream       text check (stream in ('main', 'sub')),
  score        real,
  box          jsonb,
  zones        text[] not null default '{}',
  attributes   jsonb not null default '{}',
  started_at   timestamptz not null,
  ended_at     timestamptz,
  snapshot_key text,
  source       text not null check (source in ('edge', 'cloud')),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  path         jsonb not null default '[]'::jsonb,
  primary key (org_id, id, started_at),
  constraint events_camera_fkey foreign key (org_id, camera_id) references cameras (org_id, id),
  constraint events_org_fkey foreign key (org_id) references orgs (id)
) partition by range (started_at);

-- A camera's events in time (timeline, search by camera, retention); id
-- last so search's keyset pages (started_at, id) walk the index in order.
create index events_camera_started_idx on events (org_id, camera_id, started_at desc, id desc);
-- An organisation's events in time (search across cameras, newest first).
create index events_started_idx on events (org_id, started_at desc, id desc);
-- Search by label across cameras (a site, a colour, a week).
create index events_label_started_idx on events (org_id, label, started_at desc, id desc);
-- The health checker looks up open outages on every pass.
create index events_open_health_idx on events (label, phase) where source = 'cloud' and phase <> 'end';
-- The timeline's offline periods.
create index events_camera_offline_idx on events (org_id, camera_id, started_at desc) where label = 'camera-offline';

select argus_ensure_month_partition('events', m)
  from (select distinct date_trunc('month', started_at, 'UTC') as m from events_unpartitioned) months;
insert into events (id, org_id, site_id, camera_id, agent_id, phase, label, stream, score, box, zones, attributes,
                    started_at, ended_at, snapshot_key, source, created_at, updated_at, path)
select id, org_id, site_id, camera_id, agent_id, phase, label, stream, score, box, zones, attributes,
       started_at, ended_at, snapshot_key, source, created_at, updated_at, path
  from events_unpartitioned;
drop table events_unpartitioned;

-- Segments ----------------------------------------------------------------

alter table segments rename to segments_unpartitioned;
alter table segments_unpartitioned rename constraint segments_pkey to segments_unpartitioned_pkey;
alter table segments_unpartitioned rename constraint segments_key_key to segments_unpartitioned_key_key;
alter table segments_unpartitioned drop constraint segments_camera_stream_start_unique;
alter table segments_unpartitioned drop constraint segments_camera_stream_seq_unique;
alter table segments_unpartitioned drop constraint segments_camera_fkey;
alter table segments_unpartitioned rename constraint segments_duration_positive to segments_unpartitioned_duration_positive;

create table segments (
  org_id     text not null,
  key        text not null,
  camera_id  text not null,
  stream     text not null check (stream in ('main', 'sub')),
  starts_at  timestamptz not null,
  ends_at    timestamptz not null,
  bytes      bigint not null check (bytes >= 0),
  sha256     char(64) not null check (sha256 ~ '^[a-f0-9]{64}$'),
  -- Live playlists: numbered per camera stream in order of arrival, under the
  -- per-stream lock of segments.repository.ts (which is what keeps them
  -- unique: a unique key would have to include starts_at).
  seq        bigint not null check (seq >= 1),
  disc_seq   bigint not null check (disc_seq >= 0),
  created_at timestamptz not null default now(),
  constraint segments_duration_positive check (ends_at > starts_at),
  -- Also serves every "segments of camera/stream in a time range" query.
  constraint segments_camera_stream_start_unique primary key (org_id, camera_id, stream, starts_at),
  constraint segments_key_unique unique (org_id, key, starts_at),
  constraint segments_camera_fkey foreign key (org_id, camera_id) references cameras (org_id, id)
) partition by range (starts_at);

create index segments_camera_stream_seq_idx on segments (org_id, camera_id, stream, seq);

select argus_ensure_month_partition('segments', m)
  from (select distinct date_trunc('month', starts_at, 'UTC') as m from segments_unpartitioned) months;
insert into segments (org_id, key, camera_id, stream, starts_at, ends_at, bytes, sha256, seq, disc_seq, created_at)
select org_id, key, camera_id, stream, starts_at, ends_at, bytes, sha256, seq, disc_seq, created_at
  from segments_unpartitioned;
drop table segments_unpartitioned;

-- Retention settings --------------------------------------------------------

-- Null: the deployment's defaults (CloudConfig.retention).
alter table cameras
  add column retention_days       integer check (retention_days between 1 and 3650),
  add column retention_event_days integer check (retention_event_days between 1 and 3650);
-- Null: no quota.
alter table sites add column quota_bytes bigint check (quota_bytes > 0);

-- Evidence locks: a camera's recordings and events in [from_at, to_at) are
-- exempt from retention (age and quota) while the lock holds.
create table evidence_locks (
  org_id      text not null references orgs (id),
  id          text not null,
  camera_id   text not null,
  site_id     text not null,
  from_at     timestamptz not null,
  to_at       timestamptz not null,
  reason      text not null,
  created_by  text not null,
  created_at  timestamptz not null default now(),
  released_at timestamptz,
  released_by text,
  primary key (org_id, id),
  constraint evidence_locks_range check (to_at > from_at),
  constraint evidence_locks_camera_fkey foreign key (org_id, camera_id) references cameras (org_id, id)
);
create index evidence_locks_camera_idx on evidence_locks (org_id, camera_id, from_at) where released_at is null;

-- One row per retention run: what it deleted, by reason. A run killed half
-- way stays `running`; the next run carries on from the index as it is.
create table retention_runs (
  id                  text primary key,
  -- Null: a deployment-wide run (every organisation, and whole partitions).
  org_id              text references orgs (id),
  started_at          timestamptz not null default now(),
  finished_at         timestamptz,
  state               text not null check (state in ('running', 'done', 'failed')),
  deleted_segments    bigint not null default 0,
  deleted_bytes       bigint not null default 0,
  deleted_events      bigint not null default 0,
  kept_by_locks       bigint not null default 0,
  by_reason           jsonb not null default '{}'::jsonb,
  dropped_partitions  text[] not null default '{}',
  error               text
);
create index retention_runs_org_idx on retention_runs (org_id, started_at desc);
