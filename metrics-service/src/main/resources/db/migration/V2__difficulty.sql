-- The dump a question was last seen in ("site@yyyy-mm"): questions without an accepted answer are
-- censored at their dump's date in the survival curves.
ALTER TABLE question_fact ADD COLUMN dump_id TEXT;
