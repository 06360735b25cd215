// Which migrations exist and whether the database has run them all, without loading umzug: a
// start with nothing to migrate (every start but the first after an update) skips the migrator
// and its lock entirely.
import fs from 'node:fs';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { projectRoot } from '../paths';

/** From sources (tsx, jest) the .ts files run; from dist/ the compiled .js files do. */
export function migrationsSource(): { dir: string; ext: '.ts' | '.js' } {
  const compiled = __filename.endsWith('.js');
  return compiled
    ? { dir: path.join(projectRoot, 'dist', 'migrations'), ext: '.js' }
    : { dir: path.join(projectRoot, 'migrations'), ext: '.ts' };
}

/** Migration names (without extension), as umzug records them. */
export function migrationNames(): string[] {
  const { dir, ext } = migrationsSource();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -ext.length))
    .sort();
}

/** True when every migration file is recorded as run (a missing table means none has run). */
export async function migrationsCurrent(sequelize: Sequelize): Promise<boolean> {
  const [table] = await sequelize.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations') AS t`, {
    type: QueryTypes.SELECT,
  });
  if (!table?.t) return false;
  const rows = await sequelize.query<{ name: string }>(`SELECT name FROM schema_migrations`, {
    type: QueryTypes.SELECT,
  });
  const done = new Set(rows.map((r) => r.name));
  return migrationNames().every((n) => done.has(n));
}
