-- An edit makes a new version of a taxonomy; every node of the old version that lives on (renamed,
-- moved, unchanged, or merged into another) points to the node it became, so that labels given with
-- the old version stay attached: a label is read through this chain up to its round's version.
CREATE TABLE node_lineage (
    from_node_id  BIGINT PRIMARY KEY REFERENCES taxonomy_node (id),
    to_node_id    BIGINT NOT NULL REFERENCES taxonomy_node (id)
);

-- Who made a version by editing which one, with what operations (JSON).
ALTER TABLE taxonomy_version ADD COLUMN based_on INTEGER;
ALTER TABLE taxonomy_version ADD COLUMN edited_by TEXT;
ALTER TABLE taxonomy_version ADD COLUMN edits TEXT;
