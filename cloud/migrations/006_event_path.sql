-- Object events carry the tracked object's path: [{ "at": epoch ms, "box": { x, y, width, height } }, ...],
-- oldest first, at most MAX_EVENT_PATH_POINTS points. Empty for motion and health events.
alter table events add column path jsonb not null default '[]'::jsonb;
