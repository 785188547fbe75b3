-- An outbox row lives until the relay's next poll: compressing its payload (pglz, on every event
-- over 2 kB, i.e. most questions with their body) costs CPU on the write path and saves nothing.
-- Repeatable (idempotent), so that it applies after the versioned migrations of every service that
-- shares this outbox, whatever their versions.
ALTER TABLE outbox_event ALTER COLUMN payload SET STORAGE EXTERNAL;
