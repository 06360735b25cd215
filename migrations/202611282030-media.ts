import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Media of a site: files accepted by their content, stored under random keys per site; images
// also as re-encoded widths. Items and revisions refer to their cover image and attachments, so
// a file in use can be found (and is not deleted).
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE media (
      id            bigserial PRIMARY KEY,
      tenant_id     integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      key           text NOT NULL UNIQUE CHECK (key ~ '^[0-9]+/[0-9a-f-]{36}\\.[a-z0-9]{2,5}$'),
      original_name text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255),
      mime          text NOT NULL,
      kind          text NOT NULL CHECK (kind IN ('image','document','dataset')),
      size          bigint NOT NULL CHECK (size >= 0),
      width         integer,
      height        integer,
      alt           text,
      variants      jsonb NOT NULL DEFAULT '[]',
      created_by    integer REFERENCES people(id),
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX media_tenant_idx ON media (tenant_id, created_at DESC);

    ALTER TABLE items ADD COLUMN cover_media_id bigint REFERENCES media(id) ON DELETE RESTRICT,
                      ADD COLUMN attachment_ids bigint[] NOT NULL DEFAULT '{}';
    ALTER TABLE item_revisions ADD COLUMN cover_media_id bigint REFERENCES media(id) ON DELETE RESTRICT,
                               ADD COLUMN attachment_ids bigint[] NOT NULL DEFAULT '{}';
    ALTER TABLE tenants ADD COLUMN media_quota_bytes bigint NOT NULL DEFAULT 2147483648;
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE tenants DROP COLUMN IF EXISTS media_quota_bytes;
    ALTER TABLE item_revisions DROP COLUMN IF EXISTS cover_media_id, DROP COLUMN IF EXISTS attachment_ids;
    ALTER TABLE items DROP COLUMN IF EXISTS cover_media_id, DROP COLUMN IF EXISTS attachment_ids;
    DROP TABLE IF EXISTS media;
  `);
};
