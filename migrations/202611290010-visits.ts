import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Visits counted on the server, without cookies, IP addresses or any third-party tracker: a count
// per site and day (for the footer and the reports), and per page and day (for "top items").
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE visit_days (
      tenant_id  integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      day        date NOT NULL,
      count      bigint NOT NULL CHECK (count >= 0),
      PRIMARY KEY (tenant_id, day)
    );
    CREATE TABLE visit_pages (
      tenant_id  integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      day        date NOT NULL,
      path       text NOT NULL CHECK (length(path) BETWEEN 1 AND 300),
      count      bigint NOT NULL CHECK (count >= 0),
      PRIMARY KEY (tenant_id, day, path)
    );
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`DROP TABLE IF EXISTS visit_pages; DROP TABLE IF EXISTS visit_days;`);
};
