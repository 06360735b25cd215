// One item on several sites with one source: offered and accepted, or pushed as mandatory.
import { createItem, stepItem } from '../../server/content/content.service';
import { Item } from '../../server/content/item.model';
import { decideOffer, offerItem } from '../../server/content/syndication.service';
import { Syndication } from '../../server/content/syndication.model';
import type { Role } from '../../server/auth/roles';
import type { Site } from '../../tenants/tenant.types';
import { actingAs, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
let dept: Site;
let communeA: Site;
let communeB: Site;
const deps = () => ({ sequelize: p.sequelize, cache: p.cache });

const actor = (role: Role, site?: Site) => actingAs(role, site?.id ?? null);

beforeAll(async () => {
  p = await startTestPlatform();
  const mk = async (slug: string, kind: 'department' | 'commune') =>
    p.registry.get(
      (
        await p.createSite({
          slug: `${slug}-${u}`,
          nameVi: `${slug} ${u}`,
          kind,
          theme: 'coso',
          primaryHost: `${slug}-${u}.test`,
        })
      ).id,
    )!;
  dept = await mk('so', 'department');
  communeA = await mk('xa-a', 'commune');
  communeB = await mk('xa-b', 'commune');
});
afterAll(() => p.close());

async function publishedIn(site: Site, title: string) {
  const editor = await actor('editor', site);
  const approver = await actor('approver', site);
  const item = await createItem(deps(), editor, site, 'announcement', {
    title,
    author: 'Văn phòng',
    source: site.nameVi,
  });
  await stepItem(deps(), editor, site, item.id, 'submit');
  await stepItem(deps(), approver, site, item.id, 'approve');
  return { item: (await Item.findByPk(item.id))!, approver };
}

test('offered, accepted by the receiving approver, shown there linking to its one source; declined offers are not', async () => {
  const title = `Thông báo lịch tiếp dân của Sở ${u}`;
  const { item, approver } = await publishedIn(dept, title);
  expect(await offerItem(deps(), approver, dept, item.id, [communeA.id, communeB.id])).toBe(2);
  expect((await p.get(`xa-a-${u}.test`, '/')).text).not.toContain(title);
  const [toA, toB] = await Promise.all([
    Syndication.findOne({ where: { itemId: item.id, targetTenantId: communeA.id } }),
    Syndication.findOne({ where: { itemId: item.id, targetTenantId: communeB.id } }),
  ]);
  // The department's approver cannot decide for a commune.
  await expect(decideOffer(deps(), approver, communeA, toA!.id, true)).rejects.toMatchObject({ status: 403 });
  await decideOffer(deps(), await actor('approver', communeA), communeA, toA!.id, true);
  await decideOffer(deps(), await actor('approver', communeB), communeB, toB!.id, false);
  const a = await p.get(`xa-a-${u}.test`, '/');
  expect(a.text).toContain(title);
  expect(a.text).toContain(`href="http://so-${u}.test/thong-bao/${item.slug}"`);
  expect((await p.get(`xa-b-${u}.test`, '/')).text).not.toContain(title);
  // Unpublished at the source, it disappears from the receiving site too (its cache is renewed).
  await stepItem(deps(), approver, dept, item.id, 'unpublish');
  expect((await p.get(`xa-a-${u}.test`, '/')).text).not.toContain(title);
});

test('an operator pushes an item to every commune as mandatory; others cannot, and it cannot be declined', async () => {
  const title = `Thông báo khẩn của tỉnh ${u}`;
  const { item, approver } = await publishedIn(dept, title);
  await expect(offerItem(deps(), approver, dept, item.id, [communeA.id], true)).rejects.toMatchObject({ status: 403 });
  const operator = await actor('operator');
  const board = {
    ...operator,
    actor: { ...operator.actor, platformRoles: new Set([...operator.actor.platformRoles, 'board' as const]) },
  };
  expect(await offerItem(deps(), board, dept, item.id, [communeA.id, communeB.id], true)).toBe(2);
  expect((await p.get(`xa-a-${u}.test`, '/')).text).toContain(title);
  expect((await p.get(`xa-b-${u}.test`, '/')).text).toContain(title);
  const row = (await Syndication.findOne({ where: { itemId: item.id, targetTenantId: communeB.id } }))!;
  await expect(decideOffer(deps(), await actor('approver', communeB), communeB, row.id, false)).rejects.toThrow(
    /bắt buộc/,
  );
});

test('only published items are shared, and never to the site itself', async () => {
  const editor = await actor('editor', dept);
  const approver = await actor('approver', dept);
  const draft = await createItem(deps(), editor, dept, 'announcement', { title: `Nháp ${u}`, author: 'A' });
  await expect(offerItem(deps(), approver, dept, draft.id, [communeA.id])).rejects.toThrow(/đã đăng/);
  const { item } = await publishedIn(dept, `Tin ${uid()}`);
  await expect(offerItem(deps(), approver, dept, item.id, [dept.id])).rejects.toThrow(/ít nhất một trang/);
});
