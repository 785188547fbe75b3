-- A taxonomy version is immutable once stored; edits (later) create a new version.
CREATE TABLE taxonomy_version (
    taxonomy_id   TEXT        NOT NULL,
    version       INTEGER     NOT NULL,
    name          TEXT        NOT NULL,
    source        TEXT,
    published_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (taxonomy_id, version)
);

-- The tree of one version: any depth, siblings ordered by position.
CREATE TABLE taxonomy_node (
    id            BIGSERIAL PRIMARY KEY,
    taxonomy_id   TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    parent_id     BIGINT  REFERENCES taxonomy_node (id),
    name          TEXT    NOT NULL,
    description   TEXT,
    depth         INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    FOREIGN KEY (taxonomy_id, version) REFERENCES taxonomy_version (taxonomy_id, version)
);
CREATE INDEX taxonomy_node_tree_idx ON taxonomy_node (taxonomy_id, version, parent_id, position);
