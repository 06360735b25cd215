import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// Published questions and feedback are found by the site search, by the text the site shows (the
// moderator's edit where there is one) and the answer, diacritics ignored. The expression is the
// one `searchAnswers()` queries, so that this index answers it.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE INDEX participations_search_idx ON participations USING gin (
      to_tsvector('simple', cong_unaccent(lower(
        coalesce(public_subject, subject) || ' ' || coalesce(public_content, content) || ' ' || coalesce(answer, '')))))
      WHERE status = 'published' AND kind IN ('question', 'feedback');
  `);
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(`DROP INDEX IF EXISTS participations_search_idx;`);
};
