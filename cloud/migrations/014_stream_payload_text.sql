-- The stream's payloads are written once, as JSON text the application made,
-- and read back only as text (consoles get it as is): stored as text, they
-- skip a jsonb parse and conversion per message, which on a busy ingest (one
-- stream row per accepted event phase) was a quarter of the write path.
alter table stream_messages alter column payload type text using payload::text;
