import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Search speed and typos (issue 5), measured over a million items:
// - `search_terms`: the search vector without positions or weights (strip()), kept in the row
//   (STORAGE MAIN: the body and the full vector go out of line first). Whether an item matches
//   is tested on it; `search_vector` (2.8 kB on average, so in TOAST: a lookup and a fetch per
//   row) is read only to rank the matches. Reading the newest items one by one went from 2.6 to
//   1 µs a row.
// - The GIN index covers (tenant_id, terms) (btree_gin), so one site's search intersects the
//   site's items with the words inside the index instead of fetching every match of the portal.
// - `search_words`: every word of published items, with a trigram index, to correct a misspelt
//   word of a query ("xuna" → "xuan") and search again. It replaces the trigram index on titles,
//   which took 60-140 ms for a multi-word query with no near title.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS btree_gin;

    ALTER TABLE items ADD COLUMN search_terms tsvector;
    ALTER TABLE items ALTER COLUMN search_terms SET STORAGE MAIN;
    CREATE OR REPLACE FUNCTION items_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('simple', cong_unaccent(lower(coalesce(NEW.title, '')))), 'A') ||
        setweight(to_tsvector('simple', cong_unaccent(lower(coalesce(NEW.summary, '')))), 'B') ||
        setweight(to_tsvector('simple', cong_unaccent(lower(regexp_replace(coalesce(NEW.body, ''), '<[^>]*>', ' ', 'g')))), 'C') ||
        setweight(to_tsvector('simple', cong_unaccent(lower(coalesce(NEW.data::text, '')))), 'C');
      NEW.search_terms := strip(NEW.search_vector);
      RETURN NEW;
    END $$;
    UPDATE items SET search_terms = strip(search_vector) WHERE search_vector IS NOT NULL;

    DROP INDEX IF EXISTS items_search_idx;
    CREATE INDEX items_search_idx ON items USING gin (tenant_id, search_terms) WHERE publication = 'published';
    DROP INDEX IF EXISTS items_title_trgm_idx;

    -- Words only (no numbers or codes), folded as the terms are; once published, a word stays.
    CREATE TABLE search_words (word text PRIMARY KEY);
    CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
    CREATE FUNCTION search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words (word)
      SELECT DISTINCT w FROM changed c, unnest(tsvector_to_array(c.search_terms)) w
       WHERE c.publication = 'published' AND w ~ '^[a-z]{2,30}$'
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
    -- Per statement, so that a bulk insert adds each word once.
    CREATE TRIGGER items_search_words_ins AFTER INSERT ON items REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();
    CREATE TRIGGER items_search_words_upd AFTER UPDATE ON items REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM items i, unnest(tsvector_to_array(i.search_terms)) w
     WHERE i.publication = 'published' AND w ~ '^[a-z]{2,30}$';
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS items_search_words_upd ON items;
    DROP TRIGGER IF EXISTS items_search_words_ins ON items;
    DROP FUNCTION IF EXISTS search_words_add();
    DROP TABLE IF EXISTS search_words;
    DROP INDEX IF EXISTS items_search_idx;
    CREATE INDEX items_search_idx ON items USING gin (search_vector) WHERE publication = 'published';
    CREATE INDEX items_title_trgm_idx ON items USING gin (cong_unaccent(lower(title)) gin_trgm_ops) WHERE publication = 'published';
    CREATE OR REPLACE FUNCTION items_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('simple', cong_unaccent(lower(coalesce(NEW.title, '')))), 'A') ||
        setweight(to_tsvector('simple', cong_unaccent(lower(coalesce(NEW.summary, '')))), 'B') ||
        setweight(to_tsvector('simple', cong_unaccent(lower(regexp_replace(coalesce(NEW.body, ''), '<[^>]*>', ' ', 'g')))), 'C') ||
        setweight(to_tsvector('simple', cong_unaccent(lower(coalesce(NEW.data::text, '')))), 'C');
      RETURN NEW;
    END $$;
    ALTER TABLE items DROP COLUMN IF EXISTS search_terms;
  `);
};
