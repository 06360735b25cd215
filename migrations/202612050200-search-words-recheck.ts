import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// The typo dictionary (`search_words`) keeps only words that some published item still has. When
// an item stops being published, is deleted, or a published item's text changes, its old words
// are queued here by statement triggers (cheap: no search while an editor saves); the scheduler
// then drops the queued words that no published item has any more (`pruneSearchWords()`), so a
// correction is chosen among words that can still find something, and the table does not grow
// with every word ever published.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE search_words_recheck (word text PRIMARY KEY);

    CREATE FUNCTION search_words_recheck_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words_recheck (word)
      SELECT DISTINCT w FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(tsvector_to_array(o.search_terms)) w
       WHERE o.publication = 'published' AND w ~ '^[a-z]{2,30}$'
         AND (n.publication <> 'published' OR n.search_terms IS DISTINCT FROM o.search_terms)
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
    CREATE TRIGGER items_search_words_recheck_upd AFTER UPDATE ON items
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION search_words_recheck_upd();

    CREATE FUNCTION search_words_recheck_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words_recheck (word)
      SELECT DISTINCT w FROM old_rows o, unnest(tsvector_to_array(o.search_terms)) w
       WHERE o.publication = 'published' AND w ~ '^[a-z]{2,30}$'
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
    CREATE TRIGGER items_search_words_recheck_del AFTER DELETE ON items
      REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION search_words_recheck_del();
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS items_search_words_recheck_upd ON items;
    DROP TRIGGER IF EXISTS items_search_words_recheck_del ON items;
    DROP FUNCTION IF EXISTS search_words_recheck_upd();
    DROP FUNCTION IF EXISTS search_words_recheck_del();
    DROP TABLE IF EXISTS search_words_recheck;
  `);
};
