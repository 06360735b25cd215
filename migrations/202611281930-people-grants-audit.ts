import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// People and their grants (platform-wide or per site), the append-only audit log, the
// Committee's approval of each site (Art 3.2), and the category and menu trees that a new site
// gets from the blueprint of its kind.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE people (
      id                   serial PRIMARY KEY,
      email                text NOT NULL UNIQUE CHECK (email = lower(email) AND email ~ '^[^@\\s]+@[^@\\s]+$'),
      full_name            text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
      unit                 text CHECK (length(unit) <= 200),
      phone                text CHECK (length(phone) <= 50),
      status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active','locked','disabled')),
      password_hash        text,
      must_change_password boolean NOT NULL DEFAULT true,
      totp_secret          text,
      totp_enabled_at      timestamptz,
      recovery_codes       text[] NOT NULL DEFAULT '{}',
      -- Sessions created before this instant are void ("sign out everywhere", password reset).
      sessions_valid_after timestamptz NOT NULL DEFAULT now(),
      last_sign_in_at      timestamptz,
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE grants (
      id             serial PRIMARY KEY,
      person_id      integer NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
      tenant_id      integer REFERENCES tenants(id) ON DELETE RESTRICT,
      role           text NOT NULL CHECK (role IN ('sysadmin','operator','board','reporter','site_admin','approver','editor','contributor','viewer')),
      board_position text CHECK (board_position IN ('head','deputy','member','secretary')),
      granted_by     integer REFERENCES people(id),
      granted_at     timestamptz NOT NULL DEFAULT now(),
      expires_at     timestamptz,
      revoked_by     integer REFERENCES people(id),
      revoked_at     timestamptz,
      revoke_reason  text,
      -- Platform roles have no site; site roles always have one.
      CHECK ((role IN ('sysadmin','operator','board','reporter')) = (tenant_id IS NULL)),
      CHECK ((role = 'board') = (board_position IS NOT NULL)),
      CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
    );
    CREATE UNIQUE INDEX grants_active_uq ON grants (person_id, (coalesce(tenant_id, 0)), role) WHERE revoked_at IS NULL;
    CREATE INDEX grants_tenant_idx ON grants (tenant_id) WHERE revoked_at IS NULL;

    CREATE TABLE audit_log (
      id          bigserial PRIMARY KEY,
      at          timestamptz NOT NULL DEFAULT now(),
      actor_id    integer,
      actor_email text,
      ip          text,
      tenant_id   integer,
      action      text NOT NULL,
      target_type text,
      target_id   text,
      summary     jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
    CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, at DESC);
    CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC);

    -- Append-only: whatever role the application connects with, rows cannot be changed or removed.
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

    ALTER TABLE tenants
      ADD COLUMN approval_number text CHECK (length(approval_number) <= 100),
      ADD COLUMN approval_date   date,
      ADD COLUMN approval_file   text;

    CREATE TABLE categories (
      id         serial PRIMARY KEY,
      tenant_id  integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      parent_id  integer REFERENCES categories(id) ON DELETE CASCADE,
      slug       text NOT NULL CHECK (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'),
      name_vi    text NOT NULL,
      name_en    text,
      position   integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, slug)
    );

    CREATE TABLE menu_items (
      id         serial PRIMARY KEY,
      tenant_id  integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      menu       text NOT NULL DEFAULT 'main',
      label_vi   text NOT NULL,
      label_en   text,
      target     text NOT NULL, -- a category slug (category:<slug>), a site path (/...) or an external https URL
      position   integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX menu_items_tenant_idx ON menu_items (tenant_id, menu, position);
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS menu_items;
    DROP TABLE IF EXISTS categories;
    ALTER TABLE tenants DROP COLUMN IF EXISTS approval_number, DROP COLUMN IF EXISTS approval_date, DROP COLUMN IF EXISTS approval_file;
    DROP TABLE IF EXISTS audit_log;
    DROP FUNCTION IF EXISTS audit_log_append_only();
    DROP TABLE IF EXISTS grants;
    DROP TABLE IF EXISTS people;
  `);
};
