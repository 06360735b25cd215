// Faults: Redis or Postgres goes away under a running instance (the connection is cut through a
// TCP proxy, and new ones refused), then comes back. Reads degrade but do not fail; what cannot be
// done safely is refused with a clear 503 in Vietnamese; nothing is half-written; the instance
// recovers by itself.
import { QueryTypes } from 'sequelize';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';
import { TcpProxy } from '../support/tcp-proxy';

const shared = !!process.env.TEST_ADMIN_DATABASE_URL && !!process.env.REDIS_URL;
const maybe = shared ? describe : describe.skip;
if (!shared) console.warn('Fault tests skipped: they need the real Postgres and Redis (DATABASE_URL, REDIS_URL)');

const D = 'tuyenquang.localhost';
const STC = `stc.${D}`;
const until = async (check: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
};

maybe('Redis stops', () => {
  let p: TestPlatform;
  let proxy: TcpProxy;
  beforeAll(async () => {
    const redis = new URL(process.env.REDIS_URL!);
    proxy = new TcpProxy(redis.hostname, Number(redis.port || 6379));
    const port = await proxy.start();
    redis.host = `127.0.0.1:${port}`;
    p = await startTestPlatform({ REDIS_URL: redis.toString() });
  });
  afterAll(async () => {
    await p.close();
    await proxy.close();
  });

  test('pages keep serving from Postgres; sign-in and the citizens’ forms refuse safely; it recovers by itself', async () => {
    await p.get(STC, '/').expect(200);
    expect((await p.get(STC, '/')).headers['x-cache']).toBe('HIT');
    await proxy.cut();

    expect((await p.get(STC, '/')).status).toBe(200); // this instance's memory
    const uncached = await p.get(STC, `/tin-tuc?page=1&x=${uid()}`);
    expect(uncached.status).toBe(200); // rendered from Postgres; the shared cache is skipped
    expect((await p.get(STC, '/api/v1/items')).status).toBe(200);

    const person = new Browser(p.server);
    const signIn = await person.signIn(STC, `quantri.stc@${D}`, DEMO_PASSWORD);
    expect(signIn.status).toBe(503);
    expect(signIn.text).toContain('Hệ thống tạm thời gián đoạn');
    expect((await p.get(STC, '/hoi-dap/gui')).status).toBe(200);
    const post = await new Browser(p.server).post(STC, '/danh-gia', { target: '/', score: '5' });
    expect(post.status).toBe(503); // a limit that cannot be counted is not skipped

    await proxy.restore();
    const signedIn = await until(
      async () => (await new Browser(p.server).signIn(STC, `quantri.stc@${D}`, DEMO_PASSWORD)).status === 303,
    );
    expect(signedIn).toBe(true);
    expect((await new Browser(p.server).post(STC, '/danh-gia', { target: '/', score: '5' })).status).toBe(200);
  }, 60_000);
});

maybe('Postgres stops', () => {
  let p: TestPlatform;
  let proxy: TcpProxy;
  beforeAll(async () => {
    const db = new URL(process.env.DATABASE_URL!);
    proxy = new TcpProxy(db.hostname, Number(db.port || 5432));
    const port = await proxy.start();
    db.host = `127.0.0.1:${port}`;
    p = await startTestPlatform({ DATABASE_URL: db.toString() });
  });
  afterAll(async () => {
    await p.close();
    await proxy.close();
  });

  test('cached pages keep serving; the rest is a clear 503; nothing is half-written; it reconnects', async () => {
    await p.get(STC, '/').expect(200);
    expect((await p.get(STC, '/')).headers['x-cache']).toBe('HIT');
    const editor = new Browser(p.server);
    await editor.signIn(STC, `quantri.stc@${D}`, DEMO_PASSWORD);
    const title = `Chuyên mục khi mất cơ sở dữ liệu ${uid()}`;
    const csrf = await editor.csrf(STC, '/admin/chuyen-muc');
    await proxy.cut();

    expect((await p.get(STC, '/')).status).toBe(200);
    const page = await p.get(STC, `/tin-tuc?page=1&x=${uid()}`);
    expect(page.status).toBe(503);
    expect(page.text).toContain('Hệ thống tạm thời gián đoạn');
    expect(page.text).toContain('không truy cập được cơ sở dữ liệu');
    const api = await p.get(STC, '/api/v1/items');
    expect(api.status).toBe(503);
    expect(api.body.error.message).toContain('cơ sở dữ liệu');
    expect((await p.get(STC, '/readyz')).status).toBe(503);
    const write = await editor.post(STC, '/admin/chuyen-muc', { _csrf: csrf, nameVi: title });
    expect(write.status).toBe(503);

    await proxy.restore();
    expect(await until(async () => (await p.get(STC, `/tin-tuc?page=1&x=${uid()}`)).status === 200)).toBe(true);
    const [row] = await p.sequelize.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM categories WHERE name_vi = :t',
      {
        replacements: { t: title },
        type: QueryTypes.SELECT,
      },
    );
    expect(row!.n).toBe(0);
  }, 60_000);
});
