// A site's categories and menu: edited by its site administrator only, shown on its pages only.
import { Category, MenuItem } from '../../server/content/category.model';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
const STC = `stc.${D}`;
let admin: Browser;

beforeAll(async () => {
  p = await startTestPlatform();
  admin = new Browser(p.server);
  expect((await admin.signIn(STC, `quantri.stc@${D}`, DEMO_PASSWORD)).status).toBe(303);
});
afterAll(() => p.close());

const stcId = () => p.registry.all().find((s) => s.slug === 'stc')!.id;

test('new sites get the blueprint of their kind; the menu links to the typed pages', async () => {
  expect(await Category.count({ where: { tenantId: stcId() } })).toBeGreaterThan(8);
  const home = await p.get(STC, '/');
  expect(home.text).toContain('href="/van-ban"');
  expect(home.text).toContain('href="/thu-tuc"');
  expect(home.text).toContain('href="/hoi-dap"');
  const en = await p.get(`skhcn.${D}`, '/en');
  expect(en.text).toContain('href="/en/documents"');
  expect(en.text).toContain('href="/en/untranslated?from&#x3D;%2Fhoi-dap"');
  expect((await p.get(STC, '/van-ban')).status).toBe(200);
  expect((await p.get(STC, '/chuyen-muc/tin-tuc-su-kien')).text).toContain('Sở Tài chính tỉnh Tuyên Quang triển khai');
  expect((await p.get(STC, '/chuyen-muc/khong-co')).status).toBe(404);
});

test("a site's error pages show its own menu, so a visitor who took a wrong turn can go on", async () => {
  const missing = await p.get(STC, '/trang-khong-co');
  expect(missing.status).toBe(404);
  expect(missing.text).toContain('href="/van-ban"');
  expect(missing.text).toContain('href="/hoi-dap"');
  const bad = await p.get(STC, '/tim-kiem?q=x&page=0');
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('href="/thu-tuc"');
  // The ward's menu on its own 404, never the department's.
  const ward = await p.get(D, '/phuong-minh-xuan/trang-khong-co');
  expect(ward.status).toBe(404);
  expect(ward.text).toContain('href="/phuong-minh-xuan/van-ban"');
  expect(ward.text).not.toMatch(/href="\/(van-ban|thu-tuc)"/);
});

test('the site administrator adds a category and a menu entry, reorders, and the public menu follows', async () => {
  const name = `Chuyên mục thử ${uid()}`;
  expect(
    (
      await admin.submit(STC, '/admin/chuyen-muc', '/admin/chuyen-muc', {
        nameVi: name,
        nameEn: 'Test category',
        parentId: '',
        slug: '',
      })
    ).status,
  ).toBe(303);
  const cat = (await Category.findOne({ where: { tenantId: stcId(), nameVi: name } }))!;
  expect(cat.slug).toMatch(/^chuyen-muc-thu-/);
  const added = await admin.submit(STC, '/admin/menu', '/admin/menu', {
    labelVi: 'Mục mới',
    labelEn: 'New',
    kind: 'category',
    category: cat.slug,
  });
  expect(added.status).toBe(303);
  const entry = (await MenuItem.findOne({ where: { tenantId: stcId(), labelVi: 'Mục mới' } }))!;
  let home = await p.get(STC, '/');
  expect(home.text).toContain(`href="/chuyen-muc/${cat.slug}">Mục mới</a>`);
  const before = home.text.indexOf('Mục mới');
  await admin.submit(STC, '/admin/menu', `/admin/menu/${entry.id}/len`, {});
  home = await p.get(STC, '/');
  expect(home.text.indexOf('Mục mới')).toBeLessThan(before);
  // A category in the menu cannot be deleted; unused and off the menu, it can.
  const refused = await admin.submit(STC, '/admin/chuyen-muc', `/admin/chuyen-muc/${cat.id}/xoa`, {});
  expect(refused.status).toBe(303);
  expect(await Category.count({ where: { id: cat.id } })).toBe(1);
  await admin.submit(STC, '/admin/menu', `/admin/menu/${entry.id}/xoa`, {});
  await admin.submit(STC, '/admin/chuyen-muc', `/admin/chuyen-muc/${cat.id}/xoa`, {});
  expect(await Category.count({ where: { id: cat.id } })).toBe(0);
});

test('menu targets are checked: no javascript:, no other site’s category, no protocol-relative links', async () => {
  for (const form of <Record<string, string>[]>[
    { kind: 'url', url: 'javascript:alert(1)' },
    { kind: 'url', url: 'http://khong-ma-hoa.example' },
    { kind: 'path', path: '//evil.example' },
    { kind: 'category', category: 'khong-co-chuyen-muc-nay' },
  ]) {
    const before = await MenuItem.count({ where: { tenantId: stcId() } });
    await admin.submit(STC, '/admin/menu', '/admin/menu', { labelVi: 'X', ...form });
    expect(await MenuItem.count({ where: { tenantId: stcId() } })).toBe(before);
  }
});

test('an editor, and another site’s administrator, cannot change this site’s categories or menu', async () => {
  const editor = new Browser(p.server);
  await editor.signIn(STC, `bientap.stc@${D}`, DEMO_PASSWORD);
  expect((await editor.get(STC, '/admin/chuyen-muc')).status).toBe(403);
  const token = await editor.csrf(STC, '/admin/tai-khoan');
  expect((await editor.post(STC, '/admin/chuyen-muc', { _csrf: token, nameVi: 'Không được' })).status).toBe(403);
  const someCat = (await Category.findOne({ where: { tenantId: stcId() } }))!;
  const mxAdmin = new Browser(p.server);
  await mxAdmin.signIn(D, `duyet.minhxuan@${D}`, DEMO_PASSWORD, { base: '/phuong-minh-xuan/admin' });
  const t2 = await mxAdmin.csrf(D, '/phuong-minh-xuan/admin/tai-khoan');
  expect((await mxAdmin.post(D, `/phuong-minh-xuan/admin/chuyen-muc/${someCat.id}/xoa`, { _csrf: t2 })).status).toBe(
    403,
  );
  expect(await Category.count({ where: { id: someCat.id } })).toBe(1);
});
