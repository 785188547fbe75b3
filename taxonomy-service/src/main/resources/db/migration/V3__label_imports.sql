-- Imports of existing labels (a spreadsheet mapped onto a taxonomy through an alias table): what was
-- imported, with which aliases, by whom, and the rounds that hold the labels. The id is a digest of
-- the file, the alias table and the parameters: the same import twice is one import.
CREATE TABLE label_import (
    id                TEXT        PRIMARY KEY,
    file_name         TEXT        NOT NULL,
    study_id          TEXT        NOT NULL,
    taxonomy_id       TEXT        NOT NULL,
    taxonomy_version  INTEGER     NOT NULL,
    aliases           TEXT        NOT NULL,
    report            TEXT        NOT NULL,
    imported_by       TEXT        NOT NULL,
    imported_at       TIMESTAMPTZ NOT NULL
);
