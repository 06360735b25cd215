import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Security review of 2026-12 (issue 15, 12): a file is public while a published item of its own
// site uses it. The public route now joins `media_uses` to items of the file's site, so a wrong
// row cannot publish another site's file; here the trigger's function names the item's site on
// every branch (a file linked from the body was matched by its key alone, whose prefix is the
// site), and rows joining two sites, which no correct trigger made, are removed.
const USED_BY = (linkedSite: string) => `
    CREATE OR REPLACE FUNCTION media_used_by(item items) RETURNS TABLE (media_id bigint) LANGUAGE sql STABLE AS $$
      WITH linked AS (
        SELECT DISTINCT item.tenant_id || '/' || f[1] AS key
          FROM regexp_matches(coalesce(item.body, ''), '/media/([0-9a-f-]{36}\\.[a-z0-9]{2,5})', 'g') f
      )
      SELECT id FROM media WHERE tenant_id = item.tenant_id AND id = item.cover_media_id
      UNION SELECT id FROM media WHERE tenant_id = item.tenant_id AND id = ANY (item.attachment_ids)
      UNION SELECT m.id FROM media m JOIN linked l ON m.key = l.key${linkedSite}
      UNION SELECT m.id FROM media m JOIN linked l
               ON m.variants @> jsonb_build_array(jsonb_build_object('key', l.key))
             WHERE m.tenant_id = item.tenant_id
    $$;`;

export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ${USED_BY(' WHERE m.tenant_id = item.tenant_id')}
    DELETE FROM media_uses u USING media m, items i
     WHERE m.id = u.media_id AND i.id = u.item_id AND m.tenant_id <> i.tenant_id;
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(USED_BY(''));
};
