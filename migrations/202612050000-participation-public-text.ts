import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// What the site shows of a question, feedback or comment when a moderator edited it before
// publishing (personal details removed, say). The sender's own words stay as sent; null means
// the site shows them unchanged.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE participations ADD COLUMN public_subject text, ADD COLUMN public_content text;
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`ALTER TABLE participations DROP COLUMN public_subject, DROP COLUMN public_content;`);
};
