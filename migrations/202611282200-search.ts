import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Search without diacritics (đ ≈ d), weighted title > summary > body, typo-tolerant on titles.
// The vector is kept up to date by a trigger on every write (never rebuilt per query) and
// indexed with GIN; titles also get a trigram index for near misses.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    -- unaccent() is only STABLE; an IMMUTABLE wrapper with its dictionary named lets indexes use it.
    CREATE FUNCTION cong_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

    ALTER TABLE items ADD COLUMN search_vector tsvector;

    CREATE FUNCTION items_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('simple', cong_unaccent(lower(coalesce(NEW.title, '')))), 'A') ||
        setweight(to_tsvector('simple', cong_unaccent(lower(coalesce(NEW.summary, '')))), 'B') ||
        setweight(to_tsvector('simple', cong_unaccent(lower(regexp_replace(coalesce(NEW.body, ''), '<[^>]*>', ' ', 'g')))), 'C') ||
        setweight(to_tsvector('simple', cong_unaccent(lower(coalesce(NEW.data::text, '')))), 'C');
      RETURN NEW;
    END $$;
    CREATE TRIGGER items_search_vector_trg BEFORE INSERT OR UPDATE OF title, summary, body, data ON items
      FOR EACH ROW EXECUTE FUNCTION items_search_vector();
    UPDATE items SET title = title;

    CREATE INDEX items_search_idx ON items USING gin (search_vector) WHERE publication = 'published';
    CREATE INDEX items_title_trgm_idx ON items USING gin (cong_unaccent(lower(title)) gin_trgm_ops) WHERE publication = 'published';
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS items_title_trgm_idx;
    DROP INDEX IF EXISTS items_search_idx;
    DROP TRIGGER IF EXISTS items_search_vector_trg ON items;
    DROP FUNCTION IF EXISTS items_search_vector();
    ALTER TABLE items DROP COLUMN IF EXISTS search_vector;
    DROP FUNCTION IF EXISTS cong_unaccent(text);
  `);
};
