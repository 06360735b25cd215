import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Report exports run in the background: a request is a row, claimed once by whichever instance
// gets to it first, with its progress for the page that waits on it, and the file it produced.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE report_exports (
      id            bigserial PRIMARY KEY,
      tenant_id     integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      requested_by  integer NOT NULL REFERENCES people(id),
      central       boolean NOT NULL,
      format        text NOT NULL CHECK (format IN ('csv','xlsx')),
      params        jsonb NOT NULL,
      status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
      progress      integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
      file_key      text,
      error         text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      started_at    timestamptz,
      finished_at   timestamptz
    );
    CREATE INDEX report_exports_queue_idx ON report_exports (created_at) WHERE status IN ('queued','running');
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`DROP TABLE IF EXISTS report_exports;`);
};
