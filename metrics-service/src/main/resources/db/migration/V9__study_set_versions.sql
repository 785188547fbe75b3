-- Which version of its study last named a set: the sets of a study are those its latest version defines, as in the
-- classifier (a set a newer version removed is no set of the study any more: 404 in both services).
ALTER TABLE study_set ADD COLUMN study_version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE study_latest (
    study_id       TEXT    PRIMARY KEY,
    study_version  INTEGER NOT NULL
);
INSERT INTO study_latest (study_id, study_version)
SELECT study_id, max(study_version) FROM set_membership GROUP BY study_id;
UPDATE study_set s SET study_version = l.study_version FROM study_latest l WHERE l.study_id = s.study_id;
