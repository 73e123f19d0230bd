-- Motion detection settings per camera, as the console saved them and the
-- camera's agent acknowledged them (PUT /api/cameras/:id/detection). Null
-- until first saved: the camera detects with DEFAULT_DETECTION.
alter table cameras
  add column detection            jsonb,
  -- The stream the agent said it detects on (its configure-detection ack).
  add column detection_stream     text check (detection_stream in ('main', 'sub')),
  add column detection_applied_at timestamptz;

-- The timeline's offline periods: a camera's camera-offline events without
-- walking its (many) detection events in events_camera_started_idx.
create index events_camera_offline_idx on events (org_id, camera_id, started_at desc) where label = 'camera-offline';
