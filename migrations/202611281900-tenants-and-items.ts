import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Tenants (sites), their alias hosts, and the minimal published items that the demo home pages
// show. The content module (issue 4) extends `items`.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE TABLE tenants (
      id             serial PRIMARY KEY,
      slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$'),
      name_vi        text NOT NULL CHECK (length(name_vi) BETWEEN 1 AND 200),
      name_en        text CHECK (length(name_en) <= 200),
      kind           text NOT NULL CHECK (kind IN ('province','department','agency','commune','ward','other')),
      parent_id      integer REFERENCES tenants(id) ON DELETE RESTRICT,
      status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','archived')),
      theme          text NOT NULL,
      theme_settings jsonb NOT NULL DEFAULT '{}',
      contact        jsonb NOT NULL DEFAULT '{}',
      languages      text[] NOT NULL DEFAULT '{vi}' CHECK (languages <@ ARRAY['vi','en'] AND 'vi' = ANY(languages)),
      -- NULL means the portal's own host (PRIMARY_DOMAIN); sites there are told apart by path_prefix.
      primary_host   text CHECK (primary_host ~ '^[a-z0-9.-]{1,253}$'),
      path_prefix    text NOT NULL DEFAULT '' CHECK (path_prefix = '' OR path_prefix ~ '^(/[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now()
    );
    -- One site per address: a (host, prefix) pair is never shared.
    CREATE UNIQUE INDEX tenants_address_uq ON tenants ((coalesce(primary_host, '')), path_prefix);
    CREATE INDEX tenants_parent_idx ON tenants (parent_id);

    CREATE TABLE tenant_aliases (
      host       text PRIMARY KEY CHECK (host ~ '^[a-z0-9.-]{1,253}$'),
      tenant_id  integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX tenant_aliases_tenant_idx ON tenant_aliases (tenant_id);

    CREATE TABLE items (
      id           bigserial PRIMARY KEY,
      tenant_id    integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      kind         text NOT NULL DEFAULT 'article',
      locale       text NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi','en')),
      slug         text NOT NULL CHECK (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'),
      title        text NOT NULL,
      summary      text,
      body         text,
      author       text,
      source       text,
      featured     boolean NOT NULL DEFAULT false,
      published_at timestamptz,
      created_at   timestamptz NOT NULL DEFAULT now(),
      updated_at   timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, locale, slug)
    );
    CREATE INDEX items_tenant_published_idx ON items (tenant_id, locale, published_at DESC);
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS items;
    DROP TABLE IF EXISTS tenant_aliases;
    DROP TABLE IF EXISTS tenants;
  `);
};
