// Home pages: the portal's feed of every sub-site's latest item, invalidated in the page cache when
// a sub-site publishes; and the leader schedule, announcements and online services of each site.
import { createItem, stepItem } from '../../server/content/content.service';
import { Item } from '../../server/content/item.model';
import type { Site } from '../../tenants/tenant.types';
import { actingAs, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
const D = 'tuyenquang.localhost';
let siteA: Site;
let siteB: Site;
const deps = () => ({ sequelize: p.sequelize, cache: p.cache });

beforeAll(async () => {
  p = await startTestPlatform();
  const mk = (slug: string) => p.newSite({ slug: `${slug}-${u}`, nameVi: `Xã ${slug} ${u}`, kind: 'commune' });
  siteA = await mk('trang-chu-a');
  siteB = await mk('trang-chu-b');
});
afterAll(() => p.close());

test('a sub-site publishing shows on the cached portal home at once, linking to the sub-site', async () => {
  const before = await p.get(D, '/').expect(200);
  const again = await p.get(D, '/').expect(200);
  expect(again.headers['x-cache']).toBe('HIT');
  expect(before.text).not.toContain(`Tin mới của xã A ${u}`);

  const editor = await actingAs('editor', siteA.id);
  const approver = await actingAs('approver', siteA.id);
  const item = await createItem(deps(), editor, siteA, 'article', {
    title: `Tin mới của xã A ${u}`,
    author: 'Phóng viên',
    source: null as never,
  });
  await stepItem(deps(), editor, siteA, item.id, 'submit');
  await stepItem(deps(), approver, siteA, item.id, 'approve');
  const slug = (await Item.findByPk(item.id))!.slug;

  const after = await p.get(D, '/').expect(200);
  expect(after.headers['x-cache']).not.toBe('HIT');
  expect(after.text).toContain(`Tin mới của xã A ${u}`);
  expect(after.text).toContain(`http://trang-chu-a-${u}.test/tin-tuc/${slug}`);
  expect(after.text).toContain(`Xã trang-chu-a ${u}`);
  // A sub-site's own home shows its own news, not the other's.
  expect((await p.get(`trang-chu-b-${u}.test`, '/')).text).not.toContain(`Tin mới của xã A ${u}`);

  // Taken down: gone from the portal home too.
  await stepItem(deps(), approver, siteA, item.id, 'unpublish');
  expect((await p.get(D, '/')).text).not.toContain(`Tin mới của xã A ${u}`);
});

test("a site's home shows this week's leader schedule, live announcements and online services", async () => {
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  await p.addItem(siteB as never, {
    kind: 'schedule',
    slug: `lich-${u}`,
    title: `Lịch công tác tuần này ${u}`,
    data: { weekStart: today, entries: `${today} | 08:00 | Chủ tịch UBND xã | Tiếp công dân định kỳ | Trụ sở` },
  });
  await p.addItem(siteB as never, {
    kind: 'schedule',
    slug: `lich-sau-${u}`,
    title: `Lịch tuần sau ${u}`,
    data: { weekStart: '2099-01-05', entries: '2099-01-05 | 08:00 | A | B | C' },
  });
  await p.addItem(siteB as never, {
    kind: 'announcement',
    slug: `tb-${u}`,
    title: `Thông báo lịch tiếp dân ${u}`,
    data: { validUntil: '2099-12-31' },
  });
  await p.addItem(siteB as never, {
    kind: 'announcement',
    slug: `tb-cu-${u}`,
    title: `Thông báo đã hết hiệu lực ${u}`,
    data: { validUntil: '2020-01-01' },
  });
  await p.addItem(siteB as never, {
    kind: 'procedure',
    slug: `tt-${u}`,
    title: `Đăng ký khai sinh ${u}`,
    data: { code: '1.001193', field: 'Hộ tịch', level: 'full', processingTime: 'Ngay trong ngày' },
  });
  const home = await p.get(`trang-chu-b-${u}.test`, '/').expect(200);
  expect(home.text).toContain(`Lịch công tác tuần này ${u}`);
  expect(home.text).toContain('Tiếp công dân định kỳ');
  expect(home.text).not.toContain(`Lịch tuần sau ${u}`);
  expect(home.text).toContain(`Thông báo lịch tiếp dân ${u}`);
  expect(home.text).not.toContain(`Thông báo đã hết hiệu lực ${u}`);
  expect(home.text).toContain(`href="/thu-tuc/tt-${u}"`);
  // None of it on the other site.
  expect((await p.get(`trang-chu-a-${u}.test`, '/')).text).not.toContain(`Đăng ký khai sinh ${u}`);
});
