-- The Live wall's saved layouts, one document per user (docs/api.md, Live
-- wall layouts): small, read and replaced whole by its owner, so one jsonb
-- row per user rather than a table of tiles. Deleting the user deletes it.
create table user_layouts (
  org_id     text not null references orgs (id),
  user_id    text not null references users (id) on delete cascade,
  -- { layouts: [{ name, size, tiles }], lastUsed } as LayoutsDocument (contracts/src/layouts.schemas.ts).
  document   jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
