import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Content of every kind with its workflow: an item is one piece of information of a site; its
// revisions are the versions editors write; transitions record every step of the review. The
// public reads only the live revision's columns, copied onto the item when it is published.
// Deadlines come from editable deadline classes and an editable working-day calendar.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE items
      ADD COLUMN publication      text NOT NULL DEFAULT 'published' CHECK (publication IN ('unpublished','published','archived')),
      ADD COLUMN review_state     text NOT NULL DEFAULT 'none' CHECK (review_state IN ('none','draft','submitted','returned','scheduled')),
      ADD COLUMN live_revision_id bigint,
      ADD COLUMN working_revision_id bigint,
      ADD COLUMN scheduled_at     timestamptz,
      ADD COLUMN data             jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN category_ids     integer[] NOT NULL DEFAULT '{}',
      ADD COLUMN translation_of   bigint REFERENCES items(id) ON DELETE SET NULL,
      ADD COLUMN original_published_at date,
      ADD COLUMN emergency        boolean NOT NULL DEFAULT false,
      ADD COLUMN received_at      timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN deadline_class   text,
      ADD COLUMN due_at           timestamptz,
      ADD COLUMN published_late   boolean,
      ADD COLUMN created_by       integer REFERENCES people(id),
      ADD COLUMN submitted_at     timestamptz;
    ALTER TABLE items ALTER COLUMN publication SET DEFAULT 'unpublished';
    CREATE INDEX items_review_idx ON items (tenant_id, review_state) WHERE review_state IN ('submitted','scheduled');
    CREATE INDEX items_scheduled_idx ON items (scheduled_at) WHERE review_state = 'scheduled';
    CREATE INDEX items_public_idx ON items (tenant_id, locale, kind, published_at DESC) WHERE publication = 'published';

    CREATE TABLE item_revisions (
      id          bigserial PRIMARY KEY,
      item_id     bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
      tenant_id   integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      number      integer NOT NULL,
      title       text NOT NULL,
      summary     text,
      body        text,
      author      text,
      source      text,
      original_published_at date,
      data        jsonb NOT NULL DEFAULT '{}',
      category_ids integer[] NOT NULL DEFAULT '{}',
      created_by  integer REFERENCES people(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (item_id, number)
    );
    ALTER TABLE items ADD CONSTRAINT items_live_rev_fk FOREIGN KEY (live_revision_id) REFERENCES item_revisions(id) ON DELETE SET NULL;
    ALTER TABLE items ADD CONSTRAINT items_working_rev_fk FOREIGN KEY (working_revision_id) REFERENCES item_revisions(id) ON DELETE SET NULL;

    CREATE TABLE item_transitions (
      id          bigserial PRIMARY KEY,
      item_id     bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
      tenant_id   integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      revision_id bigint REFERENCES item_revisions(id) ON DELETE SET NULL,
      action      text NOT NULL,
      from_state  text NOT NULL,
      to_state    text NOT NULL,
      actor_id    integer REFERENCES people(id),
      comment     text,
      at          timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX item_transitions_item_idx ON item_transitions (item_id, at);

    -- Art 7 deadline classes, versioned by validity dates so that a change of rule applies from a day on.
    CREATE TABLE deadline_classes (
      id          serial PRIMARY KEY,
      code        text NOT NULL CHECK (code ~ '^[a-z_]+$'),
      name        text NOT NULL,
      unit        text NOT NULL CHECK (unit IN ('working_days','calendar_days','same_day','none')),
      amount      integer NOT NULL DEFAULT 0 CHECK (amount BETWEEN 0 AND 365),
      valid_from  date NOT NULL DEFAULT '2000-01-01',
      valid_to    date,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX deadline_classes_code_idx ON deadline_classes (code, valid_from);

    -- The official calendar: days off (holidays, substitute days, swapped days) and swapped working
    -- Saturdays/Sundays. Weekends need no rows.
    CREATE TABLE calendar_days (
      day        date PRIMARY KEY,
      kind       text NOT NULL CHECK (kind IN ('day_off','work_day')),
      name       text NOT NULL,
      source     text NOT NULL DEFAULT 'rule' CHECK (source IN ('rule','operator')),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- Per-site switch: approvers of this site may approve their own items (Art 11.3 exception).
    ALTER TABLE tenants ADD COLUMN self_approval boolean NOT NULL DEFAULT false;
  `);
  await qi.sequelize.query(`
    INSERT INTO deadline_classes (code, name, unit, amount) VALUES
      ('legal', 'Văn bản quy phạm pháp luật', 'working_days', 7),
      ('administrative', 'Văn bản hành chính', 'working_days', 2),
      ('emergency', 'Khẩn cấp, thiên tai, dịch bệnh, hỏa hoạn', 'same_day', 0),
      ('master_plan', 'Quy hoạch', 'calendar_days', 15),
      ('investment', 'Đầu tư, đấu thầu, mua sắm công, đất đai', 'working_days', 2),
      ('science', 'Chương trình, đề tài khoa học và công nghệ', 'working_days', 10),
      ('other', 'Thông tin khác', 'working_days', 5),
      ('news', 'Tin tức, sự kiện (kịp thời, theo chỉ đạo)', 'none', 0);
    UPDATE items SET publication = 'published', review_state = 'none' WHERE published_at IS NOT NULL;
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE tenants DROP COLUMN IF EXISTS self_approval;
    DROP TABLE IF EXISTS calendar_days;
    DROP TABLE IF EXISTS deadline_classes;
    ALTER TABLE items DROP CONSTRAINT IF EXISTS items_live_rev_fk, DROP CONSTRAINT IF EXISTS items_working_rev_fk;
    DROP TABLE IF EXISTS item_transitions;
    DROP TABLE IF EXISTS item_revisions;
    DROP INDEX IF EXISTS items_review_idx;
    DROP INDEX IF EXISTS items_scheduled_idx;
    DROP INDEX IF EXISTS items_public_idx;
    ALTER TABLE items
      DROP COLUMN publication, DROP COLUMN review_state, DROP COLUMN live_revision_id, DROP COLUMN working_revision_id,
      DROP COLUMN scheduled_at, DROP COLUMN data, DROP COLUMN category_ids, DROP COLUMN translation_of,
      DROP COLUMN original_published_at, DROP COLUMN emergency, DROP COLUMN received_at, DROP COLUMN deadline_class,
      DROP COLUMN due_at, DROP COLUMN published_late, DROP COLUMN created_by, DROP COLUMN submitted_at;
  `);
};
