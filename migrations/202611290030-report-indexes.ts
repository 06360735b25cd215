import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// The central report reads items by site and publication date in every language and state, and
// lists what is overdue now: two indexes that keep both at index-range cost on a million items.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE INDEX items_report_idx ON items (tenant_id, published_at) INCLUDE (kind, published_late, submitted_at)
      WHERE published_at IS NOT NULL;
    CREATE INDEX items_overdue_idx ON items (tenant_id, due_at) WHERE published_at IS NULL;
    CREATE INDEX participations_report_idx ON participations (tenant_id, created_at);
    CREATE INDEX submissions_report_idx ON submissions (tenant_id, received_at);
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS submissions_report_idx;
    DROP INDEX IF EXISTS participations_report_idx;
    DROP INDEX IF EXISTS items_overdue_idx;
    DROP INDEX IF EXISTS items_report_idx;
  `);
};
