// Two platform instances on one database and one Redis, as behind a load balancer: sites, the
// page cache and its invalidation, sessions, rate limits and publishing are shared.
import supertest from 'supertest';
import { createItem, publishDueItems, stepItem } from '../../server/content/content.service';
import { Item } from '../../server/content/item.model';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { actingAs, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

(process.env.REDIS_URL ? describe : describe.skip)('two instances sharing Postgres and Redis', () => {
  let one: TestPlatform;
  let two: TestPlatform;
  beforeAll(async () => {
    one = await startTestPlatform({ TRUST_PROXY: 'loopback' });
    two = await startTestPlatform({ TRUST_PROXY: 'loopback' });
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

  test('a person signed in on one instance is signed in on the other; signing out on one ends it on both', async () => {
    const D = 'tuyenquang.localhost';
    const person = new Browser(one.server);
    expect((await person.signIn(`stc.${D}`, `quantri.stc@${D}`, DEMO_PASSWORD)).status).toBe(303);
    const onTwo = await supertest(two.server)
      .get('/admin')
      .set({ host: `stc.${D}`, cookie: person.cookie(`stc.${D}`) });
    expect(onTwo.status).toBe(200);
    expect(onTwo.text).toContain('Đăng xuất');
    await person.submit(`stc.${D}`, '/admin', '/admin/dang-xuat', {});
    const after = await supertest(two.server)
      .get('/admin')
      .set({ host: `stc.${D}`, cookie: person.cookie(`stc.${D}`) });
    expect(after.status).not.toBe(200);
  });

  test('a rate limit counts the requests of one visitor on every instance', async () => {
    const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const server = i % 2 ? two.server : one.server;
      const res = await supertest(server)
        .post('/danh-gia')
        .set({ host: 'stc.tuyenquang.localhost', 'x-forwarded-for': ip })
        .type('form')
        .send({ target: '/', score: '4' });
      statuses.push(res.status);
    }
    // 20 ratings an hour per visitor would allow all 12 on one instance; shared, the limit is one.
    expect(statuses.filter((s) => s === 200).length).toBe(12);
    const more: number[] = [];
    for (let i = 0; i < 10; i++)
      more.push(
        (
          await supertest(i % 2 ? one.server : two.server)
            .post('/danh-gia')
            .set({ host: 'stc.tuyenquang.localhost', 'x-forwarded-for': ip })
            .type('form')
            .send({ target: '/', score: '4' })
        ).status,
      );
    expect(more.filter((s) => s === 200).length).toBe(8);
    expect(more.slice(8)).toEqual([429, 429]);
  });

  test('an approval on one instance shows on the other within a second; a scheduled item goes out once', async () => {
    const u = uid();
    const host = `duyet-${u}.test`;
    const site = await one.newSite({ slug: `duyet-${u}`, nameVi: `Xã ${u}`, kind: 'commune' });
    // The new site reaches the other instance's registry by publish/subscribe (first test).
    for (const end = Date.now() + 1000; !two.registry.get(site.id) && Date.now() < end;) await sleep(10);
    await two.get(host, '/tin-tuc').expect(200); // cached on two
    const editor = await actingAs('editor', site.id);
    const approver = await actingAs('approver', site.id);
    const deps = { sequelize: one.sequelize, cache: one.cache };
    const item = await createItem(deps, editor, site, 'article', {
      title: `Duyệt ở máy một ${u}`,
      author: 'A',
      source: null as never,
    });
    await stepItem(deps, editor, site, item.id, 'submit');
    await stepItem(deps, approver, site, item.id, 'approve');
    const deadline = Date.now() + 1000;
    let text = '';
    while (Date.now() < deadline && !text.includes(`Duyệt ở máy một ${u}`)) {
      text = (await two.get(host, '/tin-tuc')).text;
      if (!text.includes(`Duyệt ở máy một ${u}`)) await sleep(20);
    }
    expect(text).toContain(`Duyệt ở máy một ${u}`);

    const later = await createItem(deps, editor, site, 'article', {
      title: `Hẹn giờ ${u}`,
      author: 'A',
      source: null as never,
    });
    await stepItem(deps, editor, site, later.id, 'submit');
    await stepItem(deps, approver, site, later.id, 'approve', { publishAt: new Date(Date.now() + 3600_000) });
    // Its time comes (moved, rather than moving the clock, so that no other test's item is due),
    // and both instances' schedulers tick at once.
    await Item.update({ scheduledAt: new Date(Date.now() - 1000) }, { where: { id: later.id } });
    await Promise.all([
      publishDueItems({ sequelize: one.sequelize, cache: one.cache }),
      publishDueItems({ sequelize: two.sequelize, cache: two.cache }),
    ]);
    const transitions = await one.sequelize.query(
      "SELECT count(*)::int AS n FROM item_transitions WHERE item_id = :id AND action = 'publish.scheduled'",
      { replacements: { id: later.id }, type: 'SELECT' as never },
    );
    expect(transitions).toEqual([{ n: 1 }]);
    expect((await Item.findByPk(later.id))!.publication).toBe('published');
  });
});
