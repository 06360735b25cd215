// Migrations: the same TypeScript files for the embedded and the real Postgres, each with up
// and down. A Postgres advisory lock, held on its own connection, keeps two instances that start
// together from migrating at once: the second waits, then finds nothing left to do.
import { Client } from 'pg';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug, type MigrationFn } from 'umzug';
import { migrationsCurrent, migrationsSource } from './migration-files';

const MIGRATION_LOCK_KEY = 7_130_421_001; // any constant shared by all instances

export type MigrationContext = QueryInterface;

export function createMigrator(sequelize: Sequelize) {
  const { dir, ext } = migrationsSource();
  return new Umzug<MigrationContext>({
    migrations: {
      glob: [`*${ext}`, { cwd: dir, ignore: ['*.d.ts'] }],
      // Named without the extension, so a database migrated from the sources (.ts) and one
      // migrated from dist/ (.js) record the same names.
      resolve: ({ name, path: file, context }) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const m = require(file!) as { up: MigrationFn<MigrationContext>; down: MigrationFn<MigrationContext> };
        const params = { name: name.replace(/\.(ts|js)$/, ''), path: file, context };
        return { name: params.name, path: file, up: () => m.up(params), down: () => m.down(params) };
      },
    },
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

export async function withMigrationLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Applies every pending migration under the lock; returns the names applied. */
export async function migrateUp(sequelize: Sequelize, databaseUrl: string): Promise<string[]> {
  if (await migrationsCurrent(sequelize)) return [];
  return withMigrationLock(databaseUrl, async () => {
    const done = await createMigrator(sequelize).up();
    return done.map((m) => m.name);
  });
}
