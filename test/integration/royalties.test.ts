// Royalties: amounts against the base salary in force on the publication date (2,340,000 đ before
// 1 July 2026, 2,530,000 đ from it), ceilings, add-ons, co-authors' shares, the 60-day due date;
// statements, payments, exports; and the rate table as versioned data.
import { QueryTypes } from 'sequelize';
import type { Actor } from '../../server/auth/access';
import { Item } from '../../server/content/item.model';
import { ratesOn, recordRoyalty, royaltyAmount, statements } from '../../server/royalties/royalty.service';
import type { Site } from '../../tenants/tenant.types';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { actingAs, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
const D = 'tuyenquang.localhost';
let site: Site;
/** A central reader: statements of every site. */
let central: Actor;
let other: Site;
let june: Item;
let july: Item;
const A = `Nguyễn Văn A ${u}`;

beforeAll(async () => {
  p = await startTestPlatform();
  central = (await actingAs('reporter')).actor;
  const mk = (slug: string) =>
    p.newSite({ slug: `${slug}-${u}`, nameVi: `Sở ${slug} ${u}`, kind: 'department', theme: 'tinh' });
  site = await mk('nb');
  other = await mk('nb-khac');
  const item = (slug: string, publishedAt: Date | null) =>
    Item.create({
      tenantId: site.id,
      kind: 'article',
      slug: `${slug}-${u}`,
      title: `Tin ${slug} ${u}`,
      summary: null,
      body: null,
      author: null,
      source: null,
      publication: publishedAt ? 'published' : 'unpublished',
      publishedAt,
    } as never);
  june = await item('thang-6', new Date('2026-06-15T09:00:00+07:00'));
  july = await item('thang-7', new Date('2026-07-10T09:00:00+07:00'));
});
afterAll(() => p.close());

test('the amount follows the base salary in force on the publication date, with add-ons and shares', async () => {
  expect((await ratesOn(p.sequelize, '2026-06-30')).baseSalary!.amount).toBe(2_340_000);
  expect((await ratesOn(p.sequelize, '2026-07-01')).baseSalary!.amount).toBe(2_530_000);
  const approver = await actingAs('approver', site.id);
  // 8 × 234,000 × (1 + 10 %) = 2,059,200
  const a = await recordRoyalty(p.sequelize, approver, site, june.id, {
    personName: A,
    role: 'author',
    genreCode: 'tin',
    coefficient: '8',
    'addon_dan-toc': '10',
  });
  expect(a.amount).toBe(2_059_200);
  // Two co-authors of the July item: 8 × 253,000 × 60 % and × 40 %.
  expect(
    (
      await recordRoyalty(p.sequelize, approver, site, july.id, {
        personName: A,
        role: 'author',
        genreCode: 'tin',
        coefficient: '8',
        share: '60',
      })
    ).amount,
  ).toBe(1_214_400);
  expect(
    (
      await recordRoyalty(p.sequelize, approver, site, july.id, {
        personName: `Trần Thị B ${u}`,
        role: 'author',
        genreCode: 'tin',
        coefficient: '8',
        share: '40',
      })
    ).amount,
  ).toBe(809_600);
  expect(royaltyAmount(8, 2_530_000, 0, 0.4)).toBe(809_600);
  const [due] = await p.sequelize.query<{ due: string }>(
    "SELECT to_char(due_on, 'YYYY-MM-DD') AS due FROM royalty_entries WHERE item_id = :id",
    { replacements: { id: june.id }, type: QueryTypes.SELECT },
  );
  expect(due!.due).toBe('2026-08-14'); // 60 days after 15 June
});

test('ceilings, shares over 100 %, drafts and other roles are refused, and nothing is written', async () => {
  const approver = await actingAs('approver', site.id);
  const before = await p.sequelize.query('SELECT count(*)::int AS n FROM royalty_entries WHERE tenant_id = :s', {
    replacements: { s: site.id },
    type: QueryTypes.SELECT,
  });
  const entry = { personName: 'C', role: 'author', genreCode: 'tin', coefficient: '8' };
  await expect(
    recordRoyalty(p.sequelize, approver, site, june.id, { ...entry, coefficient: '12' }),
  ).rejects.toMatchObject({
    fields: { coefficient: expect.stringContaining('tối đa') },
  });
  await expect(recordRoyalty(p.sequelize, approver, site, july.id, { ...entry, share: '10' })).rejects.toMatchObject({
    fields: { share: expect.stringContaining('vượt 100 %') },
  });
  await expect(
    recordRoyalty(p.sequelize, approver, site, june.id, { ...entry, 'addon_dan-toc': '30' }),
  ).rejects.toMatchObject({ fields: { 'addon_dan-toc': expect.stringContaining('từ 0 đến 20') } });
  const draft = await Item.create({
    tenantId: site.id,
    kind: 'article',
    slug: `nhap-${u}`,
    title: 'Nháp',
    summary: null,
    body: null,
    author: null,
    source: null,
    publication: 'unpublished',
    publishedAt: null,
  } as never);
  await expect(recordRoyalty(p.sequelize, approver, site, draft.id, entry)).rejects.toMatchObject({
    message: expect.stringContaining('đã đăng'),
  });
  await expect(
    recordRoyalty(p.sequelize, await actingAs('editor', site.id), site, june.id, entry),
  ).rejects.toMatchObject({ status: 403 });
  // Another site's approver, even naming this item's id.
  await expect(
    recordRoyalty(p.sequelize, await actingAs('approver', other.id), other, june.id, entry),
  ).rejects.toMatchObject({
    status: 404,
  });
  const after = await p.sequelize.query('SELECT count(*)::int AS n FROM royalty_entries WHERE tenant_id = :s', {
    replacements: { s: site.id },
    type: QueryTypes.SELECT,
  });
  expect(after).toEqual(before);
});

test('the statement of a person for 2026 sums both salaries; the operator records payment and exports', async () => {
  const s = await statements(p.sequelize, central, {
    from: '2026-01-01',
    to: '2026-12-31',
    siteIds: [site.id],
    person: A,
  });
  expect(s.people.find((x) => x.personName === A)).toMatchObject({ entries: 2, amount: 3_273_600, unpaid: 3_273_600 });
  expect(s.sites).toEqual([{ siteId: site.id, entries: 3, amount: 4_083_200, unpaid: 4_083_200 }]);
  expect(s.entries.map((e) => e.amount)).toEqual([2_059_200, 1_214_400]);
  const h1 = await statements(p.sequelize, central, { from: '2026-01-01', to: '2026-06-30', siteIds: [site.id] });
  expect(h1.sites[0]!.amount).toBe(2_059_200);

  const operator = new Browser(p.server);
  await operator.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD);
  const q = `period=y-2026&site=${site.id}&person=${encodeURIComponent(A)}`;
  const page = await operator.get(D, `/admin/nhuan-but?${q}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('3.273.600');
  const ids = [...page.text.matchAll(/name="entry" value="(\d+)"/g)].map((m) => m[1]!);
  expect(ids).toHaveLength(2);
  const paid = await operator.submit(D, `/admin/nhuan-but?${q}`, '/admin/nhuan-but/chi-tra', {
    entry: ids,
    person: A,
    period: 'y-2026',
  });
  expect(paid.status).toBe(303);
  const again = await statements(p.sequelize, central, { from: '2026-01-01', to: '2026-12-31', siteIds: [site.id] });
  expect(again.people.find((x) => x.personName === A)!.unpaid).toBe(0);
  const csv = await operator.get(D, `/admin/nhuan-but/xuat.csv?period=y-2026&site=${site.id}`);
  expect(csv.status).toBe(200);
  expect(csv.text).toContain(`${A},Tác giả,`);
  expect(csv.text).toContain(',2059200,2026-08-14,');
  const [audit] = await p.sequelize.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_log WHERE action IN ('royalty.pay', 'royalty.export') AND actor_email = :e AND at > now() - interval '1 minute'",
    { replacements: { e: `vanhanh@${D}` }, type: QueryTypes.SELECT },
  );
  expect(audit!.n).toBeGreaterThanOrEqual(2);
});

test('operators add a new base salary from a date; entries already recorded keep their amounts', async () => {
  const operator = new Browser(p.server);
  await operator.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD);
  const day = `2099-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
  const added = await operator.submit(D, '/admin/nhuan-but/bang-gia', '/admin/nhuan-but/bang-gia/baseSalary', {
    amount: '2.800.000',
    validFrom: day,
    legalBasis: 'Nghị định thử nghiệm',
  });
  expect(added.status).toBe(303);
  expect((await ratesOn(p.sequelize, day)).baseSalary!.amount).toBe(2_800_000);
  expect((await ratesOn(p.sequelize, '2026-07-01')).baseSalary!.amount).toBe(2_530_000);
  const s = await statements(p.sequelize, central, { from: '2026-01-01', to: '2026-12-31', siteIds: [site.id] });
  expect(s.sites[0]!.amount).toBe(4_083_200);
  // A site's administrator cannot change the table.
  const siteAdmin = new Browser(p.server);
  await siteAdmin.signIn(`stc.${D}`, `quantri.stc@${D}`, DEMO_PASSWORD);
  expect((await siteAdmin.get(`stc.${D}`, '/admin/nhuan-but/bang-gia')).status).toBe(403);
});
