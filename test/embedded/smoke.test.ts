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

function startServer(): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.REDIS_PREFIX;
  const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), ['server/main.ts'], { cwd: projectRoot, env });
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
    expect((await get(first.port, 'khong-co.localhost', '/')).status).toBe(404);
    const ready = await get(first.port, 'tuyenquang.localhost', '/readyz');
    expect(JSON.parse(ready.body)).toEqual({ status: 'ok', database: 'ok', cache: 'ok' });
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
