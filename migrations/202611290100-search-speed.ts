import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Search across every site (issue 5): the newest published items of all sites, in date order, so
// that a search for common words reads the newest matches one by one and stops at the cap
// (server/content/search.ts) instead of collecting and sorting hundreds of thousands of them.
// One site's search uses items_tenant_published_idx (tenant, locale, date) the same way.
// Also for item pages: every page looks up the item's translation (translationOf in
// published-items.ts, `translation_of = <id>`), which without an index read all of the site's
// items (35-60 ms a page with a million items); few items have one, so the index is small.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE INDEX IF NOT EXISTS items_published_at_idx ON items (published_at DESC) WHERE publication = 'published';
    CREATE INDEX IF NOT EXISTS items_translation_of_idx ON items (translation_of) WHERE translation_of IS NOT NULL;
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS items_translation_of_idx;
    DROP INDEX IF EXISTS items_published_at_idx;
  `);
};
