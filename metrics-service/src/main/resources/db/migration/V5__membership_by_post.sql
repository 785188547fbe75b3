-- The fact trigger finds a question's memberships (in every study) by site and post: without this
-- index every batch of question events scanned the whole membership table.
CREATE INDEX set_membership_post_idx ON set_membership (site, post_id);
