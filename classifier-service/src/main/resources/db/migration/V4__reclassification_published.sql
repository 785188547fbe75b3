-- `changed` counted every classification a replay published, a question's first one included, so
-- version 1's replay reported thousands of changes while its changes list was empty. From here
-- `changed` counts what the changes list holds and `published` what went out. Replays recorded
-- before this kept their old count in `changed`; it moves to `published`.
ALTER TABLE reclassification ADD COLUMN published BIGINT NOT NULL DEFAULT 0;
UPDATE reclassification SET published = changed;
UPDATE reclassification r SET changed = (SELECT count(*) FROM version_change v
                                         WHERE v.study_id = r.study_id AND v.to_version = r.to_version);
