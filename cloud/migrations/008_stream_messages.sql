-- The publish/subscribe layer's store (cloud/src/pubsub/). Every message consoles
-- receive (kinds `event`, `alert`) is a row here, and so is any cluster message too
-- large for a NOTIFY payload (~8000 bytes); NOTIFY then carries only the seq.
-- Rows are inserted under one advisory lock, so seq order is commit order:
-- a reader that has seen seq N has seen every row below it. Trimmed by age
-- and count (pg-message-bus.ts); the table serves Last-Event-ID resumption of
-- GET /api/stream for as long as rows are kept.
create table stream_messages (
  seq        bigserial primary key,
  org_id     text,                -- null: cluster housekeeping, no organisation
  site_id    text,
  camera_id  text,
  kind       text not null,
  payload    jsonb not null,
  created_at timestamptz not null default now()
);

-- How far trimming has deleted stream rows: a Last-Event-ID below it may have missed some.
create table stream_state (
  id              boolean primary key default true check (id),
  trimmed_through bigint not null default 0
);
insert into stream_state default values;
