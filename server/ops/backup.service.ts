// Backups (Thông tư 22/2023; a level-3 system needs them): the database and the files the
// database points to, in one directory with a manifest.
// - Real Postgres (DATABASE_URL): pg_dump's custom format, restored with pg_restore into an empty
//   database (or, with force, over an existing one).
// - Embedded PGlite: its data directory as a tarball (PGlite's own dumpDataDir), taken while the
//   server is stopped (the pid lock says so), restored into an empty DATA_DIR.
// - Files: DATA_DIR/media (when media are local), DATA_DIR/private (decisions, citizens'
//   attachments, exports) and the session secret (it decrypts two-factor secrets).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import type { Config } from '../config';
import { lockDataDir, PGLITE_EXTENSIONS } from '../db/embedded-postgres';

const run = promisify(execFile);

export interface Manifest {
  format: 1;
  createdAt: string;
  database: 'postgres' | 'embedded';
  sites: number;
  items: number;
  lastMigration: string | null;
  files: string[];
  /** Media in an object store are not in the backup: the bucket is backed up by its own tools. */
  mediaBucket: string | null;
}

export class BackupError extends Error {}

const FILE_DIRS = ['media', 'private'];

async function countsOf(query: (sql: string) => Promise<Record<string, unknown>[]>) {
  const [row] = await query(
    `SELECT (SELECT count(*) FROM tenants) AS sites, (SELECT count(*) FROM items) AS items,
            (SELECT max(name) FROM schema_migrations) AS last`,
  );
  return { sites: Number(row?.sites ?? 0), items: Number(row?.items ?? 0), last: (row?.last as string) ?? null };
}

export async function backup(config: Config, outDir: string): Promise<Manifest> {
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0)
    throw new BackupError(`Thư mục ${outDir} đã có dữ liệu; chọn thư mục trống.`);
  fs.mkdirSync(outDir, { recursive: true });
  let counts: Awaited<ReturnType<typeof countsOf>>;
  if (config.databaseUrl) {
    const client = new Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      counts = await countsOf(async (sql) => (await client.query(sql)).rows);
    } finally {
      await client.end();
    }
    await run(
      'pg_dump',
      [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        '--file',
        path.join(outDir, 'database.dump'),
        config.databaseUrl,
      ],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((err: { stderr?: string }) => {
      throw new BackupError(`pg_dump thất bại: ${err.stderr ?? String(err)}`);
    });
  } else {
    const pgdata = path.join(config.dataDir, 'pgdata');
    if (!fs.existsSync(path.join(pgdata, 'PG_VERSION')))
      throw new BackupError(`Không có cơ sở dữ liệu nhúng ở ${pgdata}.`);
    const release = lockDataDir(config.dataDir); // refuses while the server has it open
    try {
      const db = await PGlite.create(pgdata, { extensions: PGLITE_EXTENSIONS });
      try {
        counts = await countsOf(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
        const tar = await db.dumpDataDir('gzip');
        fs.writeFileSync(path.join(outDir, 'database.tar.gz'), Buffer.from(await tar.arrayBuffer()));
      } finally {
        await db.close();
      }
    } finally {
      release();
    }
  }
  const files: string[] = [];
  for (const dir of FILE_DIRS) {
    const from = path.join(config.dataDir, dir);
    if (dir === 'media' && config.mediaS3) continue;
    if (fs.existsSync(from)) {
      fs.cpSync(from, path.join(outDir, dir), { recursive: true });
      files.push(dir);
    }
  }
  const secret = path.join(config.dataDir, 'session-secret');
  if (fs.existsSync(secret)) {
    fs.copyFileSync(secret, path.join(outDir, 'session-secret'));
    fs.chmodSync(path.join(outDir, 'session-secret'), 0o600);
    files.push('session-secret');
  }
  const manifest: Manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    database: config.databaseUrl ? 'postgres' : 'embedded',
    sites: counts.sites,
    items: counts.items,
    lastMigration: counts.last,
    files,
    mediaBucket: config.mediaS3?.bucket ?? null,
  };
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * Restores a backup into the configured database and DATA_DIR. The database must be empty (no
 * `tenants` table) unless `force`, which replaces what is there.
 */
export async function restore(config: Config, fromDir: string, force = false): Promise<Manifest> {
  const manifestFile = path.join(fromDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new BackupError(`${fromDir} không phải bản sao lưu (thiếu manifest.json).`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new BackupError('Định dạng bản sao lưu không được hỗ trợ.');
  if (config.databaseUrl) {
    if (manifest.database !== 'postgres')
      throw new BackupError('Bản sao lưu này của cơ sở dữ liệu nhúng: khôi phục khi không đặt DATABASE_URL.');
    const client = new Client({ connectionString: config.databaseUrl });
    await client.connect();
    let used: boolean;
    try {
      used = (await client.query(`SELECT to_regclass('public.tenants') IS NOT NULL AS used`)).rows[0].used as boolean;
    } finally {
      await client.end();
    }
    if (used && !force)
      throw new BackupError('Cơ sở dữ liệu đích đã có dữ liệu. Dùng cơ sở dữ liệu trống, hoặc --force để ghi đè.');
    await run(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        ...(used ? ['--clean', '--if-exists'] : []),
        '--dbname',
        config.databaseUrl,
        path.join(fromDir, 'database.dump'),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    ).catch((err: { stderr?: string }) => {
      throw new BackupError(`pg_restore thất bại: ${err.stderr ?? String(err)}`);
    });
  } else {
    if (manifest.database !== 'embedded')
      throw new BackupError('Bản sao lưu này của Postgres: khôi phục với DATABASE_URL của một cơ sở dữ liệu trống.');
    const pgdata = path.join(config.dataDir, 'pgdata');
    const release = lockDataDir(config.dataDir);
    try {
      if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
        if (!force) throw new BackupError(`${pgdata} đã có dữ liệu. Dùng DATA_DIR trống, hoặc --force để thay thế.`);
        fs.renameSync(pgdata, `${pgdata}.truoc-khoi-phuc-${Date.now()}`); // kept, never deleted
      }
      fs.mkdirSync(pgdata, { recursive: true });
      const tar = fs.readFileSync(path.join(fromDir, 'database.tar.gz'));
      const db = await PGlite.create(pgdata, { loadDataDir: new Blob([tar]), extensions: PGLITE_EXTENSIONS });
      await db.close();
    } finally {
      release();
    }
  }
  for (const dir of FILE_DIRS) {
    const from = path.join(fromDir, dir);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(config.dataDir, dir), { recursive: true, force });
  }
  const secret = path.join(fromDir, 'session-secret');
  const target = path.join(config.dataDir, 'session-secret');
  if (fs.existsSync(secret) && (force || !fs.existsSync(target))) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.copyFileSync(secret, target);
    fs.chmodSync(target, 0o600);
  }
  return manifest;
}
