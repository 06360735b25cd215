import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Which items use which files: the cover, the attachments and the images or links in the body.
// A file is served to the public only while an item that uses it is published; a file uploaded
// for a draft, or left behind by a withdrawn item, answers 404 to anyone not signed in for its
// site. Kept by row triggers on items (an item without files costs a WHEN test), so every writer
// (the services, the seed, the generator) keeps it alike. A variant of an image (its WebP widths)
// is the image's: a body that links one of them uses the image.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE media_uses (
      media_id bigint NOT NULL REFERENCES media(id) ON DELETE CASCADE,
      item_id  bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
      PRIMARY KEY (media_id, item_id)
    );
    CREATE INDEX media_uses_item_idx ON media_uses (item_id);
    -- To find the image a variant's key belongs to.
    CREATE INDEX media_variants_idx ON media USING gin (variants jsonb_path_ops);

    CREATE FUNCTION media_used_by(item items) RETURNS TABLE (media_id bigint) LANGUAGE sql STABLE AS $$
      WITH linked AS (
        SELECT DISTINCT item.tenant_id || '/' || f[1] AS key
          FROM regexp_matches(coalesce(item.body, ''), '/media/([0-9a-f-]{36}\\.[a-z0-9]{2,5})', 'g') f
      )
      SELECT id FROM media WHERE tenant_id = item.tenant_id AND id = item.cover_media_id
      UNION SELECT id FROM media WHERE tenant_id = item.tenant_id AND id = ANY (item.attachment_ids)
      UNION SELECT m.id FROM media m JOIN linked l ON m.key = l.key
      UNION SELECT m.id FROM media m JOIN linked l
               ON m.variants @> jsonb_build_array(jsonb_build_object('key', l.key))
             WHERE m.tenant_id = item.tenant_id
    $$;

    CREATE FUNCTION media_uses_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM media_uses WHERE item_id = NEW.id;
      INSERT INTO media_uses (media_id, item_id) SELECT u.media_id, NEW.id FROM media_used_by(NEW) u;
      RETURN NULL;
    END $$;
    CREATE TRIGGER items_media_uses_ins AFTER INSERT ON items FOR EACH ROW
      WHEN (NEW.cover_media_id IS NOT NULL OR cardinality(NEW.attachment_ids) > 0 OR NEW.body LIKE '%/media/%')
      EXECUTE FUNCTION media_uses_refresh();
    CREATE TRIGGER items_media_uses_upd AFTER UPDATE OF cover_media_id, attachment_ids, body ON items FOR EACH ROW
      WHEN (OLD.cover_media_id IS DISTINCT FROM NEW.cover_media_id
            OR OLD.attachment_ids IS DISTINCT FROM NEW.attachment_ids
            OR OLD.body IS DISTINCT FROM NEW.body)
      EXECUTE FUNCTION media_uses_refresh();

    INSERT INTO media_uses (media_id, item_id)
    SELECT u.media_id, i.id FROM items i, media_used_by(i) u
     WHERE i.cover_media_id IS NOT NULL OR cardinality(i.attachment_ids) > 0 OR i.body LIKE '%/media/%';
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS items_media_uses_upd ON items;
    DROP TRIGGER IF EXISTS items_media_uses_ins ON items;
    DROP FUNCTION IF EXISTS media_uses_refresh();
    DROP FUNCTION IF EXISTS media_used_by(items);
    DROP INDEX IF EXISTS media_variants_idx;
    DROP TABLE IF EXISTS media_uses;
  `);
};
