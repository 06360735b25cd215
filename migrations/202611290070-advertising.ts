import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Advertising (Art 9): placements in the themes' ad positions, shown only within their dates and
// on their sites, labelled as advertising; impressions and clicks counted per day without any
// identifier of the visitor; revenue recorded per placement.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE ad_placements (
      id          bigserial PRIMARY KEY,
      slot        text NOT NULL CHECK (slot IN ('header','sidebar','footer')),
      advertiser  text NOT NULL CHECK (length(advertiser) BETWEEN 1 AND 200),
      title       text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
      link_url    text NOT NULL CHECK (link_url ~ '^https?://'),
      image_key   text NOT NULL,
      image_mime  text NOT NULL,
      starts_on   date NOT NULL,
      ends_on     date NOT NULL CHECK (ends_on >= starts_on),
      site_ids    integer[],
      withdrawn   boolean NOT NULL DEFAULT false,
      created_by  integer REFERENCES people(id),
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE ad_stats (
      placement_id  bigint NOT NULL REFERENCES ad_placements(id) ON DELETE CASCADE,
      day           date NOT NULL,
      impressions   bigint NOT NULL DEFAULT 0,
      clicks        bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (placement_id, day)
    );
    CREATE TABLE ad_revenues (
      id            bigserial PRIMARY KEY,
      placement_id  bigint NOT NULL REFERENCES ad_placements(id) ON DELETE RESTRICT,
      amount        bigint NOT NULL CHECK (amount > 0),
      received_on   date NOT NULL,
      note          text,
      recorded_by   integer REFERENCES people(id),
      created_at    timestamptz NOT NULL DEFAULT now()
    );
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(
    `DROP TABLE IF EXISTS ad_revenues; DROP TABLE IF EXISTS ad_stats; DROP TABLE IF EXISTS ad_placements;`,
  );
};
