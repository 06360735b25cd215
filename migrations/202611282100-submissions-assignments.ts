import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Art 6.2: agencies hand information to the Board, which turns it into items; the provider's own
// deadline (24 hours after an event ends, 3 working days after signing) is kept beside the
// publishing deadline, so reports can tell who was late. Art 11.6: the Board assigns editors to
// cover events.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE submissions (
      id              bigserial PRIMARY KEY,
      tenant_id       integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      submitted_by    integer REFERENCES people(id),
      provider        text NOT NULL CHECK (length(provider) BETWEEN 1 AND 200),
      kind            text NOT NULL CHECK (kind IN ('signed_document','event_news')),
      title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      note            text,
      occurred_at     timestamptz NOT NULL,
      received_at     timestamptz NOT NULL DEFAULT now(),
      provider_due_at timestamptz NOT NULL,
      provider_late   boolean NOT NULL,
      media_id        bigint REFERENCES media(id) ON DELETE RESTRICT,
      status          text NOT NULL DEFAULT 'received' CHECK (status IN ('received','converted','rejected')),
      item_id         bigint REFERENCES items(id) ON DELETE SET NULL,
      handled_by      integer REFERENCES people(id),
      handled_at      timestamptz,
      created_at      timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX submissions_tenant_idx ON submissions (tenant_id, status, received_at DESC);

    CREATE TABLE assignments (
      id           bigserial PRIMARY KEY,
      tenant_id    integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      event        text NOT NULL CHECK (length(event) BETWEEN 1 AND 300),
      place        text,
      starts_at    timestamptz NOT NULL,
      assignee_id  integer NOT NULL REFERENCES people(id),
      assigned_by  integer REFERENCES people(id),
      item_id      bigint REFERENCES items(id) ON DELETE SET NULL,
      note         text,
      created_at   timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX assignments_tenant_idx ON assignments (tenant_id, starts_at);
    CREATE INDEX assignments_assignee_idx ON assignments (assignee_id, starts_at);
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`DROP TABLE IF EXISTS assignments; DROP TABLE IF EXISTS submissions;`);
};
