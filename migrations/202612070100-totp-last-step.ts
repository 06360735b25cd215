import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// The time step (Unix time / 30 s) of the last TOTP code accepted for each person: a code is
// accepted once, and never one of an earlier step (RFC 6238 §5.2). An integer lasts until ~4000.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`ALTER TABLE people ADD COLUMN totp_last_step integer`);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`ALTER TABLE people DROP COLUMN IF EXISTS totp_last_step`);
};
