-- Difficulty reads a set's response times only: an index that holds them answers from the index
-- alone (once vacuumed), without a heap page per question.
CREATE INDEX set_question_response_idx ON set_question (study_id, set_id, site) INCLUDE (accepted, response_minutes);
