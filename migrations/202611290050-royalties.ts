import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Royalties (nhuận bút, Art 17.4; ND 18/2014 Art 4, 7, 8). The base salary and the rate table
// (coefficient ceilings per genre, add-on ceilings) are data with validity dates that operators
// edit, never constants: the base salary changes by decree (2,340,000 VND under ND 73/2024,
// 2,530,000 VND from 1 July 2026 under ND 161/2026). An entry keeps the figures it was computed
// with, so a later change of the table never rewrites what was owed.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE base_salaries (
      id           serial PRIMARY KEY,
      amount       bigint NOT NULL CHECK (amount > 0),
      valid_from   date NOT NULL UNIQUE,
      legal_basis  text NOT NULL,
      created_by   integer REFERENCES people(id),
      created_at   timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO base_salaries (amount, valid_from, legal_basis) VALUES
      (2340000, '2024-07-01', 'Nghị định 73/2024/NĐ-CP'),
      (2530000, '2026-07-01', 'Nghị định 161/2026/NĐ-CP');

    CREATE TABLE royalty_genres (
      id              serial PRIMARY KEY,
      code            text NOT NULL,
      label           text NOT NULL,
      max_coefficient numeric(6,2) NOT NULL CHECK (max_coefficient > 0),
      valid_from      date NOT NULL,
      legal_basis     text NOT NULL,
      created_by      integer REFERENCES people(id),
      created_at      timestamptz NOT NULL DEFAULT now(),
      UNIQUE (code, valid_from)
    );
    INSERT INTO royalty_genres (code, label, max_coefficient, valid_from, legal_basis) VALUES
      ('tin', 'Tin', 10, '2014-06-01', 'Nghị định 18/2014/NĐ-CP'),
      ('anh', 'Ảnh', 10, '2014-06-01', 'Nghị định 18/2014/NĐ-CP'),
      ('binh-luan', 'Bình luận, chuyên luận', 30, '2014-06-01', 'Nghị định 18/2014/NĐ-CP'),
      ('phong-su', 'Phóng sự, ký sự, phỏng vấn', 30, '2014-06-01', 'Nghị định 18/2014/NĐ-CP'),
      ('nghien-cuu', 'Nghiên cứu, trao đổi', 30, '2014-06-01', 'Nghị định 18/2014/NĐ-CP');

    CREATE TABLE royalty_addons (
      id           serial PRIMARY KEY,
      code         text NOT NULL,
      label        text NOT NULL,
      max_percent  numeric(5,2) NOT NULL CHECK (max_percent > 0 AND max_percent <= 100),
      valid_from   date NOT NULL,
      legal_basis  text NOT NULL,
      created_by   integer REFERENCES people(id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      UNIQUE (code, valid_from)
    );
    INSERT INTO royalty_addons (code, label, max_percent, valid_from, legal_basis) VALUES
      ('dan-toc', 'Tác phẩm phục vụ đồng bào dân tộc thiểu số', 20, '2014-06-01', 'Nghị định 18/2014/NĐ-CP'),
      ('dich', 'Tác phẩm dịch', 65, '2014-06-01', 'Nghị định 18/2014/NĐ-CP');

    CREATE TABLE royalty_entries (
      id             bigserial PRIMARY KEY,
      tenant_id      integer NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      item_id        bigint NOT NULL REFERENCES items(id) ON DELETE RESTRICT,
      person_id      integer REFERENCES people(id),
      person_name    text NOT NULL CHECK (length(person_name) BETWEEN 1 AND 120),
      role           text NOT NULL CHECK (role IN ('author','photographer','translator')),
      genre_code     text NOT NULL,
      coefficient    numeric(6,2) NOT NULL CHECK (coefficient > 0),
      addons         jsonb NOT NULL DEFAULT '{}',
      addon_percent  numeric(6,2) NOT NULL DEFAULT 0 CHECK (addon_percent >= 0),
      share          numeric(5,4) NOT NULL DEFAULT 1 CHECK (share > 0 AND share <= 1),
      base_salary    bigint NOT NULL,
      unit_value     numeric(14,2) NOT NULL,
      amount         bigint NOT NULL CHECK (amount >= 0),
      published_on   date NOT NULL,
      due_on         date NOT NULL,
      paid_at        timestamptz,
      paid_by        integer REFERENCES people(id),
      created_by     integer REFERENCES people(id),
      created_at     timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX royalty_entries_item_idx ON royalty_entries (item_id);
    CREATE INDEX royalty_entries_period_idx ON royalty_entries (published_on, tenant_id);
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS royalty_entries;
    DROP TABLE IF EXISTS royalty_addons;
    DROP TABLE IF EXISTS royalty_genres;
    DROP TABLE IF EXISTS base_salaries;
  `);
};
