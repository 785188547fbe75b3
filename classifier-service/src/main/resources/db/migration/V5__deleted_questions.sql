-- A deleted question keeps its classification row (no sets), so that a replayed older event cannot bring it back:
-- the row says it was deleted, so that the questions classified count only those that still exist, as the ingest
-- service counts them (the reconciliation compared 608 classified with 604 stored after a snapshot deleted four).
ALTER TABLE classification ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT false;
