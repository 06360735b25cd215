// What a new user does: start the server with no DATABASE_URL and no REDIS_URL. It must create
// the embedded database, seed the demo, answer the demo addresses, stop cleanly on SIGTERM, and
// find its data again on the next start.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../server/paths';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-smoke-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/**
 * The environment of a new user's machine: none of the variables that CI or the main project's
 * setup (run in the same jest process by plain `npm test`) put there. The server must then
 * write its own session secret, which the backup below must carry.
 */
function bareEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'info' };
  for (const k of [
    'DATABASE_URL',
    'REDIS_URL',
    'REDIS_PREFIX',
    'SESSION_SECRET',
    'DEMO_PASSWORD',
    'TEST_ADMIN_DATABASE_URL',
    'TEST_EMBEDDED',
    'EMBEDDED_TEST_URL',
  ])
    delete env[k];
  return env;
}

/** `cong <command>`, as the npm scripts run it: compiled JavaScript, in one process. */
const cong = (args: string[], dir: string, opts: { detached?: boolean } = {}) =>
  spawn(process.execPath, [path.join(projectRoot, 'bin/cong.js'), ...args], {
    cwd: projectRoot,
    env: bareEnv(dir),
    detached: opts.detached,
  });

function startServer(dir = dataDir): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = cong(['start'], dir);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

const get = (port: number, host: string, p: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

test('starts on the embedded database with the demo, stops cleanly, and keeps its data', async () => {
  const first = await startServer();
  try {
    expect(first.output()).toContain('demo data created');
    const portal = await get(first.port, 'tuyenquang.localhost', '/');
    expect(portal.status).toBe(200);
    expect(portal.body).toContain('Cổng thông tin điện tử tỉnh Tuyên Quang');
    const stc = await get(first.port, 'stc.tuyenquang.localhost', '/');
    expect(stc.status).toBe(200);
    expect(stc.body).toContain('Sở Tài chính tỉnh Tuyên Quang');
    const ward = await get(first.port, 'tuyenquang.localhost', '/phuong-minh-xuan/');
    expect(ward.body).toContain('Phường Minh Xuân');
    // Item pages, read in batches, from the embedded database too: the first news item of each site.
    const items = [stc, ward].map((home) => /href="([^"]*\/tin-tuc\/[a-z0-9-]+)"/.exec(home.body)?.[1]);
    expect(items).toEqual([expect.any(String), expect.any(String)]);
    const pages = await Promise.all([
      get(first.port, 'stc.tuyenquang.localhost', items[0]!),
      get(first.port, 'tuyenquang.localhost', items[1]!),
    ]);
    expect(pages.map((r) => r.status)).toEqual([200, 200]);
    expect(pages.map((r) => /<h1 class="item__title">/.test(r.body))).toEqual([true, true]);
    expect((await get(first.port, 'khong-co.localhost', '/')).status).toBe(404);
    const ready = await get(first.port, 'tuyenquang.localhost', '/readyz');
    expect(JSON.parse(ready.body)).toEqual({ status: 'ok' }); // details only to METRICS_TOKEN/METRICS_ALLOW
  } finally {
    expect(await stop(first.child)).toBe(0);
  }
  expect(fs.existsSync(path.join(dataDir, 'embedded-postgres.pid'))).toBe(false);

  const second = await startServer();
  try {
    expect(second.output()).not.toContain('demo data created');
    const again = await get(second.port, 'tantrao.tuyenquang.localhost', '/');
    expect(again.status).toBe(200);
    expect(again.body).toContain('Xã Tân Trào');
  } finally {
    expect(await stop(second.child)).toBe(0);
  }
}, 120_000);

/** Runs a `cong` command to completion; resolves with its exit code and output. */
const cli = (command: string, args: string[], dir: string) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = cong([command, ...args], dir);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });

test('npm run backup and npm run restore: the restored copy serves the same sites', async () => {
  // The server of the test above is stopped, as the embedded backup requires.
  const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-backup-'));
  const restoredDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-restored-'));
  try {
    fs.rmSync(backupDir, { recursive: true });
    const b = await cli('backup', [backupDir], dataDir);
    expect(b.out).toContain('Đã sao lưu');
    expect(b.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as {
      database: string;
      sites: number;
      files: string[];
    };
    expect(manifest.database).toBe('embedded');
    expect(manifest.sites).toBe(7);
    expect(manifest.files).toContain('session-secret');

    const r = await cli('restore', [backupDir], restoredDir);
    expect(r.out).toContain('Đã khôi phục');
    expect(r.code).toBe(0);
    // A second restore over the restored data is refused without --force.
    const again = await cli('restore', [backupDir], restoredDir);
    expect(again.code).toBe(1);
    expect(again.out).toContain('đã có dữ liệu');

    const server = await startServer(restoredDir);
    try {
      expect(server.output()).not.toContain('demo data created');
      const portal = await get(server.port, 'tuyenquang.localhost', '/');
      expect(portal.body).toContain('Tỉnh Tuyên Quang triển khai nhiệm vụ chuyển đổi số năm 2026');
      const commune = await get(server.port, 'tantrao.tuyenquang.localhost', '/');
      expect(commune.body).toContain('Xã Tân Trào');
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  } finally {
    fs.rmSync(backupDir, { recursive: true, force: true });
    fs.rmSync(restoredDir, { recursive: true, force: true });
  }
}, 180_000);

/** Socket folders of embedded databases in the temporary directory. */
const socketDirs = () => new Set(fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('cong-pg-')));

/**
 * `npm start` in a process group of its own, stopped as a terminal's Ctrl+C does: SIGINT to
 * every process of the group (npm, its shell and node) at once. `when` says when: once serving,
 * or while the server is still starting (before it listens).
 */
async function ctrlC(dir: string, when: 'serving' | 'starting') {
  const before = socketDirs();
  const child = spawn('npm', ['start', '--silent'], { cwd: projectRoot, env: bareEnv(dir), detached: true });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  const mark = when === 'serving' ? /"port":\d+/ : /embedded Postgres \(PGlite\) started/;
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (mark.test(out)) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`exited early:\n${out}`));
      }
    }, 10);
  });
  process.kill(-child.pid!, 'SIGINT');
  const exit = await exited;
  // npm leaves as soon as its child does; give the group's last process a moment.
  await new Promise((r) => setTimeout(r, 300));
  const leftSockets = [...socketDirs()].filter((d) => !before.has(d));
  return { exit, out, leftSockets, pidFile: fs.existsSync(path.join(dir, 'embedded-postgres.pid')) };
}

test.each(['serving', 'starting'] as const)(
  'Ctrl+C on `npm start` while %s stops the embedded database cleanly',
  async (when) => {
    const r = await ctrlC(dataDir, when);
    expect(['0', 'SIGINT']).toContain(r.exit); // npm passes the SIGINT on to its parent, as in a terminal
    expect(r.out).toContain('"msg":"stopped"');
    expect(r.pidFile).toBe(false);
    expect(r.leftSockets).toEqual([]);
    // The database opens again without recovery trouble.
    const again = await startServer();
    try {
      expect((await get(again.port, 'tuyenquang.localhost', '/')).status).toBe(200);
    } finally {
      expect(await stop(again.child)).toBe(0);
    }
  },
  120_000,
);
