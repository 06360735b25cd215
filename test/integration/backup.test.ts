// Backups on the real Postgres: pg_dump of the run's database and its files, restored into a new,
// empty database, which then serves the same sites; a restore over a used database is refused.
// (The embedded database's round trip is in test/embedded/smoke.test.ts.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../server/config';
import { backup, restore } from '../../server/ops/backup.service';
import { startTestPlatform, uid } from '../support/test-platform';

// A real Postgres only (the global setup made this run's database on it); on the embedded database
// the round trip is in test/embedded, through PGlite's own dump.
const url = process.env.TEST_ADMIN_DATABASE_URL ? process.env.DATABASE_URL : undefined;
const maybe = url ? test : test.skip;
if (!url) console.warn('Postgres backup test skipped: no real Postgres (the embedded round trip is in test/embedded)');

maybe(
  'pg_dump and pg_restore round trip into an empty database that serves the same sites',
  async () => {
    const u = uid();
    const target = `cong_restore_${u}`;
    const admin = new Client({ connectionString: url!.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${target}`);
    const targetUrl = url!.replace(/\/[^/?]+(\?|$)/, `/${target}$1`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-pg-backup-'));
    const sourceData = path.join(work, 'source-data');
    const targetData = path.join(work, 'target-data');
    fs.mkdirSync(path.join(sourceData, 'private', 'decision'), { recursive: true });
    fs.writeFileSync(path.join(sourceData, 'private', 'decision', 'mau.pdf'), '%PDF-1.4 test');
    try {
      const source = loadConfig({ ...process.env, DATA_DIR: sourceData });
      const dir = path.join(work, 'backup');
      const m = await backup(source, dir);
      expect(m.database).toBe('postgres');
      expect(m.sites).toBeGreaterThanOrEqual(7);
      expect(m.files).toContain('private');

      const into = loadConfig({ ...process.env, DATABASE_URL: targetUrl, DATA_DIR: targetData });
      await restore(into, dir);
      expect(fs.readFileSync(path.join(targetData, 'private', 'decision', 'mau.pdf'), 'utf8')).toBe('%PDF-1.4 test');
      await expect(restore(into, dir)).rejects.toThrow('đã có dữ liệu');

      const counts = async (c: string) => {
        const client = new Client({ connectionString: c });
        await client.connect();
        try {
          return (await client.query('SELECT (SELECT count(*) FROM tenants) AS t, (SELECT count(*) FROM items) AS i'))
            .rows[0];
        } finally {
          await client.end();
        }
      };
      const restoredCounts = await counts(targetUrl);
      expect(Number(restoredCounts.t)).toBe(m.sites);
      expect(Number(restoredCounts.i)).toBe(m.items);

      const p = await startTestPlatform({ DATABASE_URL: targetUrl, DATA_DIR: targetData });
      try {
        const home = await p.get('tantrao.tuyenquang.localhost', '/').expect(200);
        expect(home.text).toContain('Xã Tân Trào');
        const portal = await p.get('tuyenquang.localhost', '/').expect(200);
        expect(portal.text).toContain('Tỉnh Tuyên Quang triển khai nhiệm vụ chuyển đổi số năm 2026');
      } finally {
        await p.close();
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
      await admin.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
      await admin.end();
    }
  },
  120_000,
);
