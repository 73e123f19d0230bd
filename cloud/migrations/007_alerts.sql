-- Alert rules and the alerts they open (docs/api.md, Alerts; the
-- evaluation is cloud/src/core/alert-rules.ts). Empty site, camera and zone
-- lists mean "any".
create table alert_rules (
  org_id            text not null references orgs (id),
  id                text not null,
  name              text not null,
  site_ids          text[] not null default '{}',
  camera_ids        text[] not null default '{}',
  labels            text[] not null,
  zones             text[] not null default '{}',
  min_score         double precision,
  min_dwell_seconds double precision,
  schedule          jsonb,
  cooldown_seconds  integer not null,
  severity          text not null check (severity in ('low', 'medium', 'high', 'critical')),
  enabled           boolean not null default true,
  -- The creator as the audit log names them: survives the user's deletion.
  created_by        text not null,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  primary key (org_id, id)
);

-- An alert keeps its rule's name and severity as they were when it opened
-- (a rule may change or go); one per rule and event (tracked object).
create table alerts (
  org_id           text not null references orgs (id),
  id               text not null,
  rule_id          text not null,
  rule_name        text not null,
  severity         text not null check (severity in ('low', 'medium', 'high', 'critical')),
  state            text not null check (state in ('open', 'acknowledged', 'resolved')),
  event_id         text not null,
  label            text not null,
  camera_id        text,
  site_id          text,
  event_started_at timestamptz not null,
  opened_at        timestamptz not null default now(),
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  resolved_at      timestamptz,
  resolved_by      text,
  note             text,
  assignee         text,
  primary key (org_id, id),
  unique (org_id, rule_id, event_id)
);
create index alerts_org_opened_idx on alerts (org_id, opened_at desc);
-- The cooldown's question: this rule's last alert on this camera.
create index alerts_rule_camera_idx on alerts (org_id, rule_id, camera_id, opened_at desc);
