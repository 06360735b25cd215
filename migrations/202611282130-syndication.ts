import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// One item shown on other sites with one source: offered by its site (or pushed by an operator
// as mandatory), accepted or declined by the receiving site's approver.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE syndications (
      id               bigserial PRIMARY KEY,
      item_id          bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
      source_tenant_id integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      target_tenant_id integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      status           text NOT NULL DEFAULT 'offered' CHECK (status IN ('offered','accepted','declined')),
      mandatory        boolean NOT NULL DEFAULT false,
      offered_by       integer REFERENCES people(id),
      offered_at       timestamptz NOT NULL DEFAULT now(),
      decided_by       integer REFERENCES people(id),
      decided_at       timestamptz,
      UNIQUE (item_id, target_tenant_id),
      CHECK (source_tenant_id <> target_tenant_id)
    );
    CREATE INDEX syndications_target_idx ON syndications (target_tenant_id, status, offered_at DESC);
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`DROP TABLE IF EXISTS syndications;`);
};
