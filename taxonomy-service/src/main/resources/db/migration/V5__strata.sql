-- A stratified sample records each question's stratum (null when the sample is not stratified); the
-- pilot is a stratified subset too, so it is the pilot flag, not the first positions, that marks it.
ALTER TABLE round_item ADD COLUMN stratum TEXT;
