-- Sites, enrolled edge agents, their latest heartbeat and camera health, and
-- the events table (edge detections and cloud-raised health events).
--
-- cameras.site_id stays free text (no foreign key): cameras written with the
-- legacy ARGUS_EDGE_TOKEN may name sites that were never created here.

create table sites (
  id         text primary key,
  org_id     text not null,
  name       text not null,
  created_at timestamptz not null default now()
);

-- Only a hash of each one-time token is kept: a database dump does not let
-- anyone enrol an agent.
create table enrollment_tokens (
  token_hash char(64) primary key,
  site_id    text not null references sites (id),
  expires_at timestamptz not null,
  used_at    timestamptz,
  agent_id   text,
  created_at timestamptz not null default now()
);

-- site_id null: the legacy agent (ARGUS_EDGE_TOKEN), which may write every site.
-- credential_hash null: that same legacy agent, which has no credential of its own.
create table agents (
  id              text primary key,
  org_id          text not null,
  site_id         text references sites (id),
  name            text not null,
  version         text not null default '',
  credential_hash char(64) unique,
  created_at      timestamptz not null default now(),
  last_seen_at    timestamptz,
  heartbeat       jsonb,
  clock_skew_ms   integer
);

create index agents_site_idx on agents (site_id);

create table camera_health (
  camera_id       text primary key references cameras (id) on delete cascade,
  agent_id        text not null,
  state           text not null,
  -- When `state` last changed (edge report time, on the cloud clock).
  state_since     timestamptz not null,
  fps             real,
  bitrate_kbps    real,
  last_segment_at timestamptz,
  reported_at     timestamptz not null
);

create table events (
  id           text primary key,
  org_id       text not null,
  site_id      text,
  -- Null for agent events (agent-offline).
  camera_id    text references cameras (id),
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
  -- 'edge' for what agents send, 'cloud' for what the health checker raises.
  source       text not null check (source in ('edge', 'cloud')),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);

create index events_camera_started_idx on events (camera_id, started_at desc);
create index events_started_idx on events (org_id, started_at desc);
-- The health checker looks up open outages on every pass.
create index events_open_health_idx on events (label, phase) where source = 'cloud' and phase <> 'end';
