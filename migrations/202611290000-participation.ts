import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Citizens' questions (Art 4.15), feedback on administrative regulations (Art 4.14a) and comments
// on draft regulations (Art 4.14b). Each is moderated before it is shown; the sender follows it by
// a tracking code. Contact details stay in this table and are never rendered on public pages.
// Ratings keep no identity at all: a score, what was rated, and when.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE participations (
      id               bigserial PRIMARY KEY,
      tenant_id        integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      kind             text NOT NULL CHECK (kind IN ('question','feedback','comment')),
      item_id          bigint REFERENCES items(id) ON DELETE CASCADE,
      tracking_code    text NOT NULL UNIQUE,
      sender_name      text NOT NULL CHECK (length(sender_name) BETWEEN 1 AND 120),
      sender_email     text,
      sender_phone     text,
      sender_address   text,
      subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
      content          text NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
      attachment_key   text,
      attachment_name  text,
      attachment_mime  text,
      status           text NOT NULL DEFAULT 'received' CHECK (status IN ('received','published','rejected')),
      routed_from      integer REFERENCES tenants(id) ON DELETE SET NULL,
      answer           text,
      answered_by      integer REFERENCES people(id),
      answered_at      timestamptz,
      reject_reason    text,
      handled_by       integer REFERENCES people(id),
      handled_at       timestamptz,
      created_at       timestamptz NOT NULL DEFAULT now(),
      CHECK (kind <> 'comment' OR item_id IS NOT NULL),
      CHECK (status <> 'rejected' OR reject_reason IS NOT NULL),
      CHECK (sender_email IS NOT NULL OR sender_phone IS NOT NULL)
    );
    CREATE INDEX participations_queue_idx ON participations (tenant_id, status, kind, created_at DESC);
    CREATE INDEX participations_item_idx ON participations (item_id) WHERE item_id IS NOT NULL;

    CREATE TABLE ratings (
      id          bigserial PRIMARY KEY,
      tenant_id   integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      target      text NOT NULL CHECK (length(target) BETWEEN 1 AND 300),
      score       smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ratings_tenant_idx ON ratings (tenant_id, created_at);
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`DROP TABLE IF EXISTS ratings; DROP TABLE IF EXISTS participations;`);
};
