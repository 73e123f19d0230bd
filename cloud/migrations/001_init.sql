-- Cameras and the segment index of the walking skeleton.
--
-- Future (designed, not built): segments will be range-partitioned by
-- starts_at (one partition per day) so that retention drops whole partitions
-- and playback queries prune to the range asked for. PostgreSQL requires the
-- partition key in every unique constraint, so the global `key` uniqueness
-- then moves to (key, starts_at) — the key embeds the start time, so that is
-- equivalent.

create table cameras (
  id         text primary key,
  org_id     text not null,
  site_id    text not null,
  name       text not null,
  streams    text[] not null check (cardinality(streams) > 0 and streams <@ array['main', 'sub']),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index cameras_org_idx on cameras (org_id, id);

create table segments (
  id         bigserial primary key,
  key        text not null unique,
  camera_id  text not null references cameras (id),
  stream     text not null check (stream in ('main', 'sub')),
  starts_at  timestamptz not null,
  ends_at    timestamptz not null,
  bytes      bigint not null check (bytes >= 0),
  sha256     char(64) not null check (sha256 ~ '^[a-f0-9]{64}$'),
  -- Live playlists: seq numbers segments of one camera stream in order of
  -- arrival (EXT-X-MEDIA-SEQUENCE); disc_seq counts the recording gaps
  -- before the segment (EXT-X-DISCONTINUITY-SEQUENCE). Both are assigned at
  -- insert under a per-stream lock (see segments.repository.ts).
  seq        bigint not null check (seq >= 1),
  disc_seq   bigint not null check (disc_seq >= 0),
  created_at timestamptz not null default now(),
  -- A segment has a duration; the API enforces the 100 ms-60 s band, the
  -- table only what can never be true.
  constraint segments_duration_positive check (ends_at > starts_at),
  -- Its index also serves every "segments of camera/stream in a time range" query.
  constraint segments_camera_stream_start_unique unique (camera_id, stream, starts_at),
  constraint segments_camera_stream_seq_unique unique (camera_id, stream, seq)
);
