// What the image holds, proved without Docker: the compiled dist/ (tsc, as `npm run build` makes
// it) and the production dependencies alone (`npm ci --omit=dev`), in a folder of their own, laid
// out as the Dockerfile copies them. Against the real Postgres and Redis, on an empty database:
// the CLIs run (migrate, a refused demo seed on a real domain, setup, backup), the server starts
// with `node dist/server/main.js`, answers /readyz and the portal, and the operator that setup
// created signs in, enrols a second factor, and on the next sign-in is asked for it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Secret, TOTP } from 'otpauth';
import { Client } from 'pg';
import { currentTotp } from '../../server/auth/totp';
import { projectRoot } from '../../server/paths';
import { Browser } from '../support/browser';
import { uid } from '../support/test-platform';

const run = promisify(execFile);
const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
// Needs the real services (the image never runs on the embedded database) and the npm registry
// or its cache for `npm ci`.
const maybe = adminUrl && redisUrl ? describe : describe.skip;

const DOMAIN = 'tuyenquang.gov.vn'; // a real domain: the demo must refuse it
const OPERATOR = { email: `vanhanh@${DOMAIN}`, password: 'Van-hanh-that-2026' };

maybe('the production install (dist/ and production dependencies only)', () => {
  const u = uid();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-prod-'));
  const dbName = `cong_prod_${u}`;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | null = null;
  let port = 0;
  let signedIn: Browser;

  const sql = async (q: string) => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };

  /** A command of the image, e.g. `node dist/server/cli/migrate.js up`. */
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, args, { cwd: dir, env: { ...env, ...extra } }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  beforeAll(async () => {
    // The Dockerfile's layout: package files, dist/, themes, the back office's views and assets, bin/.
    await run(process.execPath, [
      path.join(projectRoot, 'node_modules/typescript/bin/tsc'),
      '-p',
      path.join(projectRoot, 'tsconfig.build.json'),
      '--outDir',
      path.join(dir, 'dist'),
    ]);
    for (const f of ['package.json', 'package-lock.json', 'themes', 'admin/views', 'admin/assets', 'bin'])
      fs.cpSync(path.join(projectRoot, f), path.join(dir, f), { recursive: true });
    await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 16 << 20 });

    await sql(`CREATE DATABASE ${dbName}`);
    const url = new URL(adminUrl!);
    url.pathname = `/${dbName}`;
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      REDIS_PREFIX: `cong-prod-${u}:`,
      PRIMARY_DOMAIN: DOMAIN,
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'info',
      PORT: '0',
    };
  }, 300_000);

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    await sql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('holds no development dependency', () => {
    for (const dev of ['typescript', 'jest', 'tsx', 'esbuild', 'eslint'])
      expect(fs.existsSync(path.join(dir, 'node_modules', dev))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'express'))).toBe(true);
  });

  test('the CLIs: migrate, a refused demo on a real domain, setup, then setup refused a second time', async () => {
    const migrate = await cli(['dist/server/cli/migrate.js', 'up']);
    expect(migrate).toEqual({ code: 0, out: expect.stringContaining('Đã áp dụng') });
    const status = await cli(['bin/cong.js', 'migrate', 'status']); // the launcher, without sources
    expect(status.code).toBe(0);
    expect(status.out).not.toContain('chưa chạy');

    const seed = await cli(['dist/server/cli/seed.js']);
    expect(seed.code).toBe(1);
    expect(seed.out).toContain('Không tạo dữ liệu mẫu trên tên miền thật');

    const passwords = { CONG_ADMIN_PASSWORD: 'Quan-tri-that-2026', CONG_OPERATOR_PASSWORD: OPERATOR.password };
    const setup = await cli(['dist/server/cli/setup.js'], passwords);
    expect(setup.out).toContain(`Vận hành viên:     ${OPERATOR.email}`);
    expect(setup.code).toBe(0);
    const again = await cli(['dist/server/cli/setup.js'], passwords);
    expect(again.code).toBe(2);
    expect(again.out).toContain('đã làm rồi');
  }, 120_000);

  test('the server starts from dist/, is ready, and serves the portal that setup made', async () => {
    server = spawn(process.execPath, ['dist/server/main.js'], { cwd: dir, env });
    let out = '';
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start:\n${out}`)), 60_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /"port":(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      server!.stdout!.on('data', onData);
      server!.stderr!.on('data', onData);
      server!.on('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
    });
    const b = new Browser(`http://127.0.0.1:${port}` as never);
    expect((await b.get(DOMAIN, '/readyz')).status).toBe(200);
    const home = await b.get(DOMAIN, '/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Cổng thông tin điện tử tỉnh Tuyên Quang');
  }, 90_000);

  test('the operator signs in, must enrol a second factor first, and is asked for it next time', async () => {
    const b = new Browser(`http://127.0.0.1:${port}` as never);
    const signIn = await b.signIn(DOMAIN, OPERATOR.email, OPERATOR.password);
    expect(signIn.status).toBe(303);
    // Anywhere in the back office, the enrolment comes first.
    const console_ = await b.get(DOMAIN, '/admin/');
    expect(console_.status).toBe(303);
    expect(console_.headers.location).toBe('/admin/tai-khoan/xac-thuc');
    const page = await b.get(DOMAIN, '/admin/tai-khoan/xac-thuc');
    const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(page.text)?.[1]?.replace(/ /g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const enrol = await b.submit(DOMAIN, '/admin/tai-khoan/xac-thuc', '/admin/tai-khoan/xac-thuc', {
      code: currentTotp(secret!, OPERATOR.email),
    });
    expect(enrol.status).toBe(303);
    expect((await b.get(DOMAIN, '/admin/')).status).toBe(200);

    const next = new Browser(`http://127.0.0.1:${port}` as never);
    const first = await next.submit(DOMAIN, '/admin/dang-nhap', '/admin/dang-nhap', {
      email: OPERATOR.email,
      password: OPERATOR.password,
      next: '',
    });
    expect(first.headers.location).toBe('/admin/dang-nhap/xac-thuc'); // the second factor is asked
    // The enrolment used this 30 s step's code, and a code is taken once: the next step's code,
    // within the ±1 step allowed for clock drift.
    const nextCode = new TOTP({ secret: Secret.fromBase32(secret!), digits: 6, period: 30 }).generate({
      timestamp: Date.now() + 30_000,
    });
    const second = await next.submit(DOMAIN, '/admin/dang-nhap/xac-thuc', '/admin/dang-nhap/xac-thuc', {
      code: nextCode,
    });
    expect(second.status).toBe(303);
    expect((await next.get(DOMAIN, '/admin/')).status).toBe(200);
    signedIn = next;
  }, 60_000);

  test('reset-password from the shell prints a temporary password and ends the sessions', async () => {
    const r = await cli(['dist/server/cli/reset-password.js', OPERATOR.email]);
    expect(r.code).toBe(0);
    const temporary = /Mật khẩu tạm của \S+: (\S+)/.exec(r.out)?.[1];
    expect(temporary).toBeTruthy();
    const after = await signedIn.get(DOMAIN, '/admin/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/admin\/dang-nhap/);
    expect((await cli(['dist/server/cli/reset-password.js', 'khong-co@example.vn'])).code).toBe(2);
  }, 60_000);

  test('a backup runs in the install, and SIGTERM stops the server cleanly', async () => {
    const backup = await cli(['dist/server/cli/backup.js', path.join(dir, 'backup')]);
    expect(backup.out).toContain('Đã sao lưu');
    expect(backup.code).toBe(0);
    server!.removeAllListeners('exit');
    const exited = new Promise<number | null>((resolve) => server!.on('exit', (code) => resolve(code)));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
