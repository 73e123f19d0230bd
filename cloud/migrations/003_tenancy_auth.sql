-- Tenancy, accounts and the audit log.
--
-- Organisations own sites, cameras, agents, segments and events: every
-- tenant row carries org_id, and tenant keys (site, camera and event ids)
-- are unique per organisation, so two organisations may both have a
-- `cam-1`. Rows written before this migration keep the org they were
-- written under (ARGUS_ORG, default `default`).

create table orgs (
  id         text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name       text not null,
  created_at timestamptz not null default now()
);

insert into orgs (id, name)
select o.org_id, o.org_id
  from (select org_id from cameras union select org_id from sites
        union select org_id from agents union select org_id from events) o;

-- Foreign keys on the old single-column keys go first.
alter table enrollment_tokens drop constraint enrollment_tokens_site_id_fkey;
alter table agents drop constraint agents_site_id_fkey;
alter table segments drop constraint segments_camera_id_fkey;
alter table camera_health drop constraint camera_health_camera_id_fkey;
alter table events drop constraint events_camera_id_fkey;

-- Sites: (org_id, id).
alter table sites drop constraint sites_pkey;
alter table sites add primary key (org_id, id);
alter table sites add constraint sites_org_fkey foreign key (org_id) references orgs (id);

alter table enrollment_tokens add column org_id text;
update enrollment_tokens t set org_id = s.org_id from sites s where s.id = t.site_id;
delete from enrollment_tokens where org_id is null;
alter table enrollment_tokens alter column org_id set not null;
alter table enrollment_tokens add constraint enrollment_tokens_site_fkey foreign key (org_id, site_id) references sites (org_id, id) on delete cascade;

-- Agents keep globally unique ids (the cloud generates them; the control
-- channel addresses them by id), scoped to their org and site.
alter table agents add constraint agents_org_fkey foreign key (org_id) references orgs (id);
alter table agents add constraint agents_site_fkey foreign key (org_id, site_id) references sites (org_id, id);
-- An admin revokes a credential: the hash is cleared, the time kept.
alter table agents add column revoked_at timestamptz;

-- Cameras: (org_id, id).
alter table cameras drop constraint cameras_pkey;
alter table cameras add primary key (org_id, id);
alter table cameras add constraint cameras_org_fkey foreign key (org_id) references orgs (id);
drop index cameras_org_idx;

-- Segments: org_id leads every key.
alter table segments add column org_id text;
update segments s set org_id = c.org_id from cameras c where c.id = s.camera_id;
alter table segments alter column org_id set not null;
alter table segments drop constraint segments_camera_stream_start_unique;
alter table segments drop constraint segments_camera_stream_seq_unique;
alter table segments add constraint segments_camera_stream_start_unique unique (org_id, camera_id, stream, starts_at);
alter table segments add constraint segments_camera_stream_seq_unique unique (org_id, camera_id, stream, seq);
alter table segments add constraint segments_camera_fkey foreign key (org_id, camera_id) references cameras (org_id, id);

alter table camera_health add column org_id text;
update camera_health h set org_id = c.org_id from cameras c where c.id = h.camera_id;
delete from camera_health where org_id is null;
alter table camera_health alter column org_id set not null;
alter table camera_health drop constraint camera_health_pkey;
alter table camera_health add primary key (org_id, camera_id);
alter table camera_health add constraint camera_health_camera_fkey foreign key (org_id, camera_id) references cameras (org_id, id) on delete cascade;

-- Events: ids are the edge's, unique within the org.
alter table events drop constraint events_pkey;
alter table events add primary key (org_id, id);
alter table events add constraint events_camera_fkey foreign key (org_id, camera_id) references cameras (org_id, id);
alter table events add constraint events_org_fkey foreign key (org_id) references orgs (id);
drop index events_camera_started_idx;
create index events_camera_started_idx on events (org_id, camera_id, started_at desc);

-- Users sign in with an email (unique across the deployment: the login form
-- has no organisation field) and a password, or through single sign-on.
create table users (
  id            text primary key,
  org_id        text not null references orgs (id),
  email         text not null,
  role          text not null check (role in ('admin', 'operator', 'integrator', 'viewer')),
  -- null: every site of the org.
  site_ids      text[],
  -- scrypt, with its parameters (auth/password-hash.ts); null for single sign-on users.
  password_hash text,
  -- `<issuer> <sub>` of a single sign-on user.
  sso_subject   text unique,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  last_login_at timestamptz
);
create unique index users_email_idx on users (lower(email));
create index users_org_idx on users (org_id);

-- Console sessions: only the sha256 of the cookie value is stored.
create table sessions (
  id_hash      char(64) primary key,
  user_id      text not null references users (id) on delete cascade,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  last_seen_at timestamptz not null default now(),
  address      text
);
create index sessions_user_idx on sessions (user_id);

-- Integrator API tokens: only the sha256 of the token is stored.
create table api_tokens (
  id           text primary key,
  org_id       text not null references orgs (id),
  user_id      text not null references users (id) on delete cascade,
  name         text not null,
  role         text not null check (role in ('admin', 'operator', 'integrator', 'viewer')),
  site_ids     text[],
  token_hash   char(64) not null unique,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  revoked_at   timestamptz,
  last_used_at timestamptz
);
create index api_tokens_org_idx on api_tokens (org_id, created_at);

-- Append-only: the cloud only ever inserts here (the trigger refuses the rest).
create table audit_log (
  id      bigserial primary key,
  -- null: nobody's organisation (a failed login for an unknown email).
  org_id  text references orgs (id),
  at      timestamptz not null default now(),
  actor   text not null,
  action  text not null,
  target  text,
  address text,
  result  text not null check (result in ('ok', 'denied', 'failed'))
);
create index audit_org_at_idx on audit_log (org_id, at desc);
-- The login rate limit counts recent failures by account and by address.
create index audit_login_failures_target_idx on audit_log (target, at) where action = 'auth.login-failed';
create index audit_logins_target_idx on audit_log (target, at) where action = 'auth.login';
create index audit_login_failures_address_idx on audit_log (address, at) where action = 'auth.login-failed';

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();
