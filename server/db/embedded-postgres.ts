// The embedded default: PGlite (Postgres compiled to WASM) persisted under DATA_DIR, served to
// `pg` over a Unix socket by pglite-socket, so that Sequelize talks to it exactly as it talks to
// a real server. pglite-socket multiplexes several client connections onto PGlite's single
// session and keeps a connection's open transaction exclusive until it ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A postgres:// URL that `pg` resolves to the Unix socket. */
  url: string;
  /** True when this start created the database (the caller seeds the demo then). */
  created: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory of the database files, or null for an in-memory database (tests). */
  dataDir: string | null;
  maxConnections?: number;
}

// The package's typings for contrib/* point at its ESM build only; its CommonJS build is there.
/* eslint-disable @typescript-eslint/no-require-imports */
const { unaccent } = require('@electric-sql/pglite/contrib/unaccent') as { unaccent: Extension };
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };
const { btree_gin } = require('@electric-sql/pglite/contrib/btree_gin') as { btree_gin: Extension };
/** The extensions the schema needs (search), for every PGlite this project opens. */
export const PGLITE_EXTENSIONS = { unaccent, pg_trgm, btree_gin };
/* eslint-enable @typescript-eslint/no-require-imports */

const SOCKET_PORT = 5432; // pg looks for <host>/.s.PGSQL.<port>

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const pgdata = opts.dataDir ? path.join(opts.dataDir, 'pgdata') : null;
  const created = !pgdata || !fs.existsSync(path.join(pgdata, 'PG_VERSION'));
  const release = pgdata ? lockDataDir(opts.dataDir!) : () => {};
  if (pgdata) fs.mkdirSync(pgdata, { recursive: true });

  const db = await PGlite.create(pgdata ?? 'memory://', { extensions: PGLITE_EXTENSIONS });
  // Unix socket paths are limited to ~107 bytes, so the socket lives in a short temporary dir.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-pg-'));
  const server = new PGLiteSocketServer({
    db,
    path: path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
    maxConnections: opts.maxConnections ?? 8,
  });
  await server.start();
  return {
    url: `postgres://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(socketDir)}`,
    created,
    async stop() {
      await server.stop();
      await db.close();
      fs.rmSync(socketDir, { recursive: true, force: true });
      release();
    },
  };
}

// Two processes opening the same PGlite directory would corrupt it, so hold a pid lock file.
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'embedded-postgres.pid');
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `Cơ sở dữ liệu nhúng ở ${dataDir} đang được tiến trình ${pid} dùng. Dừng tiến trình đó, hoặc đặt DATA_DIR khác.`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
