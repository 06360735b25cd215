// The platform's own tables, which belong to no site: advertising, incidents and maintenance
// notices, the royalty rate tables. Their raw SQL goes through here. A statement that names a
// site's column is refused: a site's rows are reached through siteData(site), and reads across
// sites through crossSite(purpose).
import { QueryTypes, type Transaction } from 'sequelize';
import { Item } from '../content/item.model';

// Not site-data.ts's types: that module reaches every site model, and the reports read through
// this one, so importing it would close a cycle.
interface SqlOptions {
  replacements?: Record<string, unknown>;
  transaction?: Transaction | null;
}

/** Thrown for a statement on a site's rows: a bug, never input. */
export class NotPlatformDataError extends Error {}

const run = <T extends object>(sql: string, opts: SqlOptions) => {
  if (/\btenant_id\b/.test(sql))
    throw new NotPlatformDataError(`A site's rows are read through siteData or crossSite — ${sql.slice(0, 80)}`);
  return Item.sequelize!.query<T>(sql, {
    replacements: opts.replacements ?? {},
    transaction: opts.transaction ?? null,
    type: QueryTypes.SELECT,
  });
};

export const platformSql = {
  select: <T extends object>(sql: string, opts: SqlOptions = {}) => run<T>(sql, opts),
  /** INSERT/UPDATE/DELETE … RETURNING: the rows it returned. */
  change: async <T extends object>(sql: string, opts: SqlOptions = {}) => (await run<T>(sql, opts)) as T[],
};
