// Two platform instances on one database and one Redis, as behind a load balancer.
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

(process.env.REDIS_URL ? describe : describe.skip)('two instances sharing Postgres and Redis', () => {
  let one: TestPlatform;
  let two: TestPlatform;
  beforeAll(async () => {
    one = await startTestPlatform();
    two = await startTestPlatform();
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  test('a site created on one instance answers on the other within a second', async () => {
    const u = uid();
    const host = `moi-${u}.test`;
    await two.get(host, '/').expect(404);
    await one.createSite({
      slug: `moi-${u}`,
      nameVi: `Trang mới ${u}`,
      kind: 'ward',
      theme: 'coso',
      primaryHost: host,
    });
    const deadline = Date.now() + 1000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await two.get(host, '/')).status;
      if (status !== 200) await sleep(20);
    }
    expect(status).toBe(200);
  });

  test('a page cached by one instance is a hit on the other; a change on one is seen by both', async () => {
    const u = uid();
    const host = `chung-${u}.test`;
    const site = await one.createSite({
      slug: `chung-${u}`,
      nameVi: `Trang chung ${u}`,
      kind: 'ward',
      theme: 'coso',
      primaryHost: host,
    });
    await sleep(200);
    expect((await one.get(host, '/')).headers['x-cache']).toBe('MISS');
    expect((await two.get(host, '/')).headers['x-cache']).toBe('HIT');
    const title = `Tin vừa đăng ${u}`;
    await one.addItem(site, { title, slug: `tin-${u}` });
    await sleep(200);
    const seen = await two.get(host, '/');
    expect(seen.text).toContain(title);
  });
});
