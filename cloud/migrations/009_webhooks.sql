-- Webhooks and their deliveries: a durable queue (docs/api.md, Webhooks).
-- Deliveries are queued in the transaction-free step after the event or
-- alert that makes them is stored, taken by any replica with
-- `for update skip locked`, retried with backoff until delivered or given
-- up, so a cloud restart loses none.
create table webhooks (
  org_id               text not null references orgs (id),
  id                   text not null,
  url                  text not null,
  -- The signing secret, as given: signatures are HMACs computed with it.
  secret               text not null,
  kinds                text[] not null,
  enabled              boolean not null default true,
  -- Failed attempts since the last delivery: the webhook is disabled at WEBHOOK_LIMITS.disableAfterFailures.
  consecutive_failures integer not null default 0,
  disabled_reason      text,
  created_by           text not null,
  created_at           timestamptz not null default now(),
  primary key (org_id, id)
);

create table webhook_deliveries (
  id              bigserial primary key,
  org_id          text not null,
  webhook_id      text not null,
  kind            text not null,
  -- The exact body sent (its bytes are what the signature covers).
  body            text not null,
  state           text not null check (state in ('pending', 'delivered', 'failed')),
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null,
  last_status     integer,
  last_error      text,
  created_at      timestamptz not null default now(),
  delivered_at    timestamptz,
  foreign key (org_id, webhook_id) references webhooks (org_id, id) on delete cascade
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_log_idx on webhook_deliveries (org_id, webhook_id, id desc);
