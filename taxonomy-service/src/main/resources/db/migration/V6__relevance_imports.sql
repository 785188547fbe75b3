-- An import may hold a review's decisions (KEEP or DROP) instead of category labels: it has no taxonomy.
ALTER TABLE label_import ALTER COLUMN taxonomy_id DROP NOT NULL;
ALTER TABLE label_import ALTER COLUMN taxonomy_version DROP NOT NULL;
ALTER TABLE label_import ADD COLUMN kind TEXT NOT NULL DEFAULT 'CATEGORY';
