-- Inference keys: access key id and secret that sign (AWS SigV4) calls to the
-- Rekognition-compatible endpoint, POST /rekognition. Created by an admin,
-- shown once, revoked by setting revoked_at (the row stays, for the list and
-- the audit trail).
--
-- The secret is stored as issued, not hashed: SigV4 verification recomputes
-- the signature, which needs the secret itself (or the per-day key derived
-- from it, which is as good as the secret for that day). The key grants
-- inference compute only, reads nothing of the organisation, and the agents'
-- derived keys are computable from agents.credential_hash anyway; see
-- docs/operations.md, "Inference keys".
create table inference_keys (
  id                text primary key,
  org_id            text not null references orgs (id),
  name              text not null,
  access_key_id     text not null unique check (access_key_id ~ '^ARGUSKEY[A-Z2-7]{12}$'),
  secret_access_key text not null,
  -- The creator as the audit log names them (user:<email>, token:<name> (<id>)): survives the user's deletion.
  created_by        text not null,
  created_at        timestamptz not null default now(),
  revoked_at        timestamptz,
  last_used_at      timestamptz
);
create index inference_keys_org_idx on inference_keys (org_id, created_at desc);
