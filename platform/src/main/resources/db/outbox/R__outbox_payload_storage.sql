-- An outbox row lives until the relay's next poll: compressing its payload (pglz, on every event
-- over 2 kB, i.e. most questions with their body) costs CPU on the write path and saves nothing.
-- Repeatable (idempotent), so that it applies after the versioned migrations of every service that
-- shares this outbox, whatever their versions.
ALTER TABLE outbox_event ALTER COLUMN payload SET STORAGE EXTERNAL;

-- Deferred events (DeferredEvent): no payload until published; payload_ref tells the service's
-- payload source where the reported state is. The index finds a post's pending deferred events
-- before a write overwrites the state they report (the outbox is small: it is a queue).
ALTER TABLE outbox_event ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS payload_ref TEXT;
CREATE INDEX IF NOT EXISTS outbox_event_deferred_idx ON outbox_event (event_type, event_key) WHERE payload IS NULL;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'outbox_event_payload_or_ref') THEN
        ALTER TABLE outbox_event ADD CONSTRAINT outbox_event_payload_or_ref
            CHECK (payload IS NOT NULL OR payload_ref IS NOT NULL);
    END IF;
END $$;

-- Batches of deferred events (DeferredEvent with a batch size): one row stands for that many events,
-- which the payload source expands when they are published; a bulk load writes and deletes one row
-- per batch it stores instead of one per event. Null for a row that is one event.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS batch_size INTEGER;

-- Deferred rows whose reported state is gone (a site's posts dropped by hand): the relay publishes the
-- events it can still build and moves the row here with the reason, instead of retrying it forever.
CREATE TABLE IF NOT EXISTS outbox_dead_event (
    id               BIGINT PRIMARY KEY,
    topic            TEXT NOT NULL,
    event_key        TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    payload_ref      TEXT,
    batch_size       INTEGER,
    created_at       TIMESTAMPTZ NOT NULL,
    events_published INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    dead_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A pause of publishing (OutboxControl): while its one row exists, relays publish nothing and events
-- wait in the outbox, e.g. while a large dump loads with the machine to itself. In the database, so
-- that it holds for every replica and across restarts.
CREATE TABLE IF NOT EXISTS outbox_pause (
    singleton  BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    paused_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    paused_by  TEXT NOT NULL,
    reason     TEXT NOT NULL
);
