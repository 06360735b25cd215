// The action runner (issue 16): a refusal changes nothing, a failure rolls the change and its
// audit entry back together, and the cache is renewed after the commit, including the sites
// that show a syndicated copy — which the scheduler used to forget.
import { defineAction } from '../../server/actions/action';
import { allowed, runAction } from '../../server/actions/run-action';
import { AuditEntry } from '../../server/audit/audit-entry.model';
import { forbidden } from '../../server/core/errors';
import { createItem, publishDueItems, reviewQueue, saveItem, stepItem } from '../../server/content/content.service';
import { Metrics } from '../../server/ops/metrics';
import { ITEM_STEPS } from '../../server/content/item-actions';
import { Item } from '../../server/content/item.model';
import { decideOffer, offerItem } from '../../server/content/syndication.service';
import { siteData, UnscopedQueryError } from '../../server/db/site-data';
import type { Site } from '../../tenants/tenant.types';
import { actingAs, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
let a: Site;
let b: Site;
const u = uid();
const deps = () => ({ sequelize: p.sequelize, cache: p.cache });

beforeAll(async () => {
  p = await startTestPlatform();
  a = await p.newSite({ slug: `act-a-${u}`, nameVi: `Sở A ${u}`, kind: 'department' });
  b = await p.newSite({ slug: `act-b-${u}`, nameVi: `Xã B ${u}`, kind: 'commune' });
});
afterAll(() => p.close());

const renameAction = defineAction({
  name: 'test.rename',
  check: (who, { site }: { site: Site; itemId: number; title: string; fail?: boolean }) =>
    who.actor?.siteRoles.get(site.id)?.has('editor') ? null : forbidden(),
  async execute(_who, { site, itemId, title, fail }, transaction) {
    const item = await siteData(site).items.findByPk(itemId, { transaction });
    await item!.update({ title }, { transaction });
    if (fail) throw new Error('after the change, before the commit');
    return item!;
  },
  audit: (_who, { site, itemId }) => ({
    action: 'test.rename',
    tenantId: site.id,
    targetType: 'item',
    targetId: itemId,
  }),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

describe('runAction', () => {
  test('refused by check: nothing written, nothing invalidated', async () => {
    const item = await p.addItem(a as never, { title: `Gốc ${u}`, slug: `goc-${u}` });
    const before = p.cache.tenantVersion(a.id);
    const stranger = await actingAs('editor', b.id);
    await expect(
      runAction(deps(), stranger, renameAction, { site: a, itemId: item.id, title: 'Đổi' }),
    ).rejects.toMatchObject({ status: 403 });
    expect((await Item.findByPk(item.id))!.title).toBe(`Gốc ${u}`);
    expect(await AuditEntry.count({ where: { action: 'test.rename', targetId: String(item.id) } })).toBe(0);
    expect(p.cache.tenantVersion(a.id)).toBe(before);
  });

  test('a failure after the change rolls back the change and its audit entry; success writes both', async () => {
    const item = await p.addItem(a as never, { title: `Gốc 2 ${u}`, slug: `goc-2-${u}` });
    const editor = await actingAs('editor', a.id);
    const before = p.cache.tenantVersion(a.id);
    await expect(
      runAction(deps(), editor, renameAction, { site: a, itemId: item.id, title: 'Hỏng', fail: true }),
    ).rejects.toThrow('before the commit');
    expect((await Item.findByPk(item.id))!.title).toBe(`Gốc 2 ${u}`);
    expect(await AuditEntry.count({ where: { action: 'test.rename', targetId: String(item.id) } })).toBe(0);
    expect(p.cache.tenantVersion(a.id)).toBe(before);

    await runAction(deps(), editor, renameAction, { site: a, itemId: item.id, title: `Mới ${u}` });
    expect((await Item.findByPk(item.id))!.title).toBe(`Mới ${u}`);
    expect(await AuditEntry.count({ where: { action: 'test.rename', targetId: String(item.id) } })).toBe(1);
    expect(p.cache.tenantVersion(a.id)).toBeGreaterThan(before);
  });
});

describe('siteData', () => {
  test("another site's id reads as missing, and a raw statement without :site is refused", async () => {
    const theirs = await p.addItem(b as never, { title: `Của B ${u}`, slug: `cua-b-${u}` });
    expect(await siteData(a).items.findByPk(theirs.id)).toBeNull();
    expect((await siteData(b).items.findByPk(theirs.id))?.title).toBe(`Của B ${u}`);
    // The caller's where cannot override the site.
    expect(await siteData(a).items.findOne({ where: { id: theirs.id, tenantId: b.id } })).toBeNull();
    const rows = await siteData(a).sql.select<{ n: string }>(
      'SELECT count(*) AS n FROM items WHERE id = :id AND tenant_id = :site',
      {
        replacements: { id: theirs.id },
      },
    );
    expect(Number(rows[0]!.n)).toBe(0);
    expect(() =>
      siteData(a).sql.select('SELECT * FROM items WHERE id = :id', { replacements: { id: theirs.id } }),
    ).toThrow(UnscopedQueryError);
    expect(() =>
      siteData(a).sql.select('SELECT * FROM items WHERE tenant_id = :site', { replacements: { site: b.id } }),
    ).toThrow(UnscopedQueryError);
  });
});

describe('item steps', () => {
  test('the admin and the runner ask the same check(): steps allowed for a draft, then for a submitted item', async () => {
    const editor = await actingAs('editor', a.id);
    const approver = await actingAs('approver', a.id);
    const item = await createItem(deps(), editor, a, 'article', { title: `Bước ${u}`, author: 'Văn phòng' });
    const steps = async (who: typeof editor) => {
      const out: string[] = [];
      for (const [s, action] of Object.entries(ITEM_STEPS))
        if (await allowed(who, action, { site: a, itemId: item.id })) out.push(s);
      return out;
    };
    expect(await steps(editor)).toEqual(['submit']);
    await stepItem(deps(), editor, a, item.id, 'submit');
    expect(await steps(editor)).toEqual(['withdraw']);
    expect(await steps(approver)).toEqual(expect.arrayContaining(['return', 'approve']));
    // Another site's approver gets nothing, whatever the id.
    expect(await steps(await actingAs('approver', b.id))).toEqual([]);
  });

  test("a scheduled edit of a syndicated item renews the receiving site's pages when the scheduler publishes it", async () => {
    const editor = await actingAs('editor', a.id);
    const approver = await actingAs('approver', a.id);
    const item = await createItem(deps(), editor, a, 'announcement', {
      title: `Thông báo chia sẻ ${u}`,
      author: 'Văn phòng',
      source: a.nameVi,
    });
    await stepItem(deps(), editor, a, item.id, 'submit');
    await stepItem(deps(), approver, a, item.id, 'approve');
    await offerItem(deps(), approver, a, item.id, [b.id]);
    const offer = await siteData(b).offersReceived.findOne({ where: { itemId: item.id } });
    await decideOffer(deps(), await actingAs('approver', b.id), b, offer!.id, true);

    await saveItem(deps(), editor, a, item.id, { title: `Thông báo sửa ${u}`, author: 'Văn phòng', source: a.nameVi });
    await stepItem(deps(), editor, a, item.id, 'submit');
    await stepItem(deps(), approver, a, item.id, 'approve', { publishAt: new Date(Date.now() + 3_600_000) });
    const before = p.cache.tenantVersion(b.id);
    expect(await publishDueItems(deps(), new Date(Date.now() + 2 * 3_600_000))).toBeGreaterThanOrEqual(1);
    expect((await Item.findByPk(item.id))!.title).toBe(`Thông báo sửa ${u}`);
    expect(p.cache.tenantVersion(b.id)).toBeGreaterThan(before);
    expect(
      await AuditEntry.count({
        where: { action: 'item.publish.scheduled', targetId: String(item.id), actorEmail: 'system' },
      }),
    ).toBe(1);
  });
});

describe('crossSite', () => {
  test('each read across sites is counted under its named purpose in /metrics', async () => {
    const metrics = new Metrics(p.sequelize);
    const count = async () =>
      Number(
        /cong_cross_site_reads_total\{purpose="board-queue"\} (\d+)/.exec(await metrics.registry.metrics())?.[1] ?? 0,
      );
    const before = await count();
    await reviewQueue((await actingAs('board')).actor);
    expect(await count()).toBe(before + 1);
  });
});
