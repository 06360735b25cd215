// Migrations on a database of their own: up, down, up again, and two instances at once.
import { Client } from 'pg';
import { Sequelize } from 'sequelize';
import { createMigrator, migrateUp } from '../../server/db/migrate';
import { createSequelize } from '../../server/db/sequelize';
import { uid } from '../support/test-platform';

const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;

(adminUrl ? describe : describe.skip)('migrations', () => {
  let url: string;
  let dbName: string;
  const opened: Sequelize[] = [];
  const open = () => {
    const s = createSequelize({ url, poolMax: 3 });
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    dbName = `cong_migr_${uid()}`;
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    const u = new URL(adminUrl!);
    u.pathname = `/${dbName}`;
    url = u.toString();
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  });

  const tables = async (s: Sequelize) =>
    (
      (await s.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`, { type: 'SELECT' })) as {
        tablename: string;
      }[]
    ).map((r) => r.tablename);

  test('two instances starting together apply each migration exactly once', async () => {
    const [a, b] = await Promise.all([migrateUp(open(), url), migrateUp(open(), url)]);
    expect([...a, ...b].sort()).toEqual((await createMigrator(open()).executed()).map((m) => m.name).sort());
    expect(a.length === 0 || b.length === 0).toBe(true);
    expect(await tables(open())).toEqual(
      expect.arrayContaining(['tenants', 'tenant_aliases', 'items', 'schema_migrations']),
    );
  });

  test('every migration goes down and up again', async () => {
    const s = open();
    const migrator = createMigrator(s);
    const all = await migrator.executed();
    await migrator.down({ to: 0 });
    expect(await tables(s)).toEqual(['schema_migrations']);
    const again = await migrateUp(s, url);
    expect(again).toEqual(all.map((m) => m.name));
    expect(await migrator.pending()).toEqual([]);
  });

  test('the unaccent and pg_trgm extensions are there', async () => {
    const [row] = (await open().query(
      `SELECT unaccent('Đường Tuyên Quang') AS u, similarity('tuyen quang', 'tuyen qang') > 0.3 AS close`,
      {
        type: 'SELECT',
      },
    )) as { u: string; close: boolean }[];
    expect(row).toEqual({ u: 'Duong Tuyen Quang', close: true });
  });
});
