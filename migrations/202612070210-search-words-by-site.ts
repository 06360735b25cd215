import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Security review of 2026-12 (issue 15, 9): the typo dictionary was one list for every site, so a
// commune's search was "corrected" to a word that only another site publishes, and the page
// printed it. Each word is now kept per site (`tenant_id`): the triggers add and queue the words
// of a site's own items, the scheduler drops a word from a site once no published item of that
// site has it, and a search corrects from the words of the sites it searches (the portal's, the
// union of the active sites'). The table is rebuilt from the published items, which is what the
// triggers and the upkeep keep it equal to; the queue is emptied with it (nothing is left to
// recheck in a list just rebuilt).
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE search_words;
    CREATE TABLE search_words (
      tenant_id integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      word      text NOT NULL,
      PRIMARY KEY (tenant_id, word)
    );
    -- One site's near words inside the index (btree_gin, as items_search_idx).
    CREATE INDEX search_words_trgm_idx ON search_words USING gin (tenant_id, word gin_trgm_ops);
    INSERT INTO search_words (tenant_id, word)
    SELECT DISTINCT i.tenant_id, w FROM items i, unnest(tsvector_to_array(i.search_terms)) w
     WHERE i.publication = 'published' AND w ~ '^[a-z]{2,30}$';

    DROP TABLE search_words_recheck;
    CREATE TABLE search_words_recheck (
      tenant_id integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      word      text NOT NULL,
      PRIMARY KEY (tenant_id, word)
    );

    CREATE OR REPLACE FUNCTION search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words (tenant_id, word)
      SELECT DISTINCT c.tenant_id, w FROM changed c, unnest(tsvector_to_array(c.search_terms)) w
       WHERE c.publication = 'published' AND w ~ '^[a-z]{2,30}$'
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;

    -- An item's old words are queued for its old site when it stops being published there, its
    -- words change, or it moves to another site.
    CREATE OR REPLACE FUNCTION search_words_recheck_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words_recheck (tenant_id, word)
      SELECT DISTINCT o.tenant_id, w FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(tsvector_to_array(o.search_terms)) w
       WHERE o.publication = 'published' AND w ~ '^[a-z]{2,30}$'
         AND (n.publication <> 'published' OR n.search_terms IS DISTINCT FROM o.search_terms
              OR n.tenant_id <> o.tenant_id)
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION search_words_recheck_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words_recheck (tenant_id, word)
      SELECT DISTINCT o.tenant_id, w FROM old_rows o, unnest(tsvector_to_array(o.search_terms)) w
       WHERE o.publication = 'published' AND w ~ '^[a-z]{2,30}$'
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE search_words;
    CREATE TABLE search_words (word text PRIMARY KEY);
    CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM items i, unnest(tsvector_to_array(i.search_terms)) w
     WHERE i.publication = 'published' AND w ~ '^[a-z]{2,30}$';

    DROP TABLE search_words_recheck;
    CREATE TABLE search_words_recheck (word text PRIMARY KEY);

    CREATE OR REPLACE FUNCTION search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words (word)
      SELECT DISTINCT w FROM changed c, unnest(tsvector_to_array(c.search_terms)) w
       WHERE c.publication = 'published' AND w ~ '^[a-z]{2,30}$'
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION search_words_recheck_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words_recheck (word)
      SELECT DISTINCT w FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(tsvector_to_array(o.search_terms)) w
       WHERE o.publication = 'published' AND w ~ '^[a-z]{2,30}$'
         AND (n.publication <> 'published' OR n.search_terms IS DISTINCT FROM o.search_terms)
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION search_words_recheck_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words_recheck (word)
      SELECT DISTINCT w FROM old_rows o, unnest(tsvector_to_array(o.search_terms)) w
       WHERE o.publication = 'published' AND w ~ '^[a-z]{2,30}$'
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
  `);
};
