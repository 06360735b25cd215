import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Operation (Art 16.3, 17.9; ND 224/2026 Art 13): a self-check once a minute (one instance claims
// each minute) of the database, the cache and every site, kept as checks and failures per target
// and day; incidents recorded by system administrators; planned maintenance announced on the
// affected sites at least 7 working days ahead.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE uptime_runs (minute timestamptz PRIMARY KEY);
    CREATE TABLE uptime_days (
      target    text NOT NULL,
      day       date NOT NULL,
      checks    integer NOT NULL CHECK (checks >= 0),
      failures  integer NOT NULL CHECK (failures >= 0 AND failures <= checks),
      PRIMARY KEY (target, day)
    );
    CREATE TABLE incidents (
      id           bigserial PRIMARY KEY,
      starts_at    timestamptz NOT NULL,
      ends_at      timestamptz,
      severity     text NOT NULL CHECK (severity IN ('low','medium','high','critical')),
      cause        text NOT NULL CHECK (length(cause) BETWEEN 3 AND 2000),
      action       text NOT NULL CHECK (length(action) BETWEEN 3 AND 2000),
      site_ids     integer[],
      recorded_by  integer REFERENCES people(id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at IS NULL OR ends_at >= starts_at)
    );
    CREATE INDEX incidents_period_idx ON incidents (starts_at);
    CREATE TABLE maintenance_notices (
      id           bigserial PRIMARY KEY,
      title        text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
      message      text NOT NULL CHECK (length(message) BETWEEN 3 AND 2000),
      announce_on  date NOT NULL,
      starts_at    timestamptz NOT NULL,
      ends_at      timestamptz NOT NULL,
      site_ids     integer[],
      created_by   integer REFERENCES people(id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at > starts_at)
    );
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS maintenance_notices;
    DROP TABLE IF EXISTS incidents;
    DROP TABLE IF EXISTS uptime_days;
    DROP TABLE IF EXISTS uptime_runs;
  `);
};
