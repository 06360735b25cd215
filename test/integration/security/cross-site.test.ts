// Security review of 2026-12 (issue 15): data that crossed from one site to another, or from
// unpublished to public. Each test reproduces a finding with two sites and fails without its fix.
import { Item } from '../../../server/content/item.model';
import { searchHitsByIds, type SearchQuery } from '../../../server/content/search';
import type { Site } from '../../../tenants/tenant.types';
import { startTestPlatform, uid, type TestPlatform } from '../../support/test-platform';

let p: TestPlatform;
let a: Site;
let b: Site;
const u = uid();
/** A published item (a minute old) of a site. */
const add = (site: Site, fields: Partial<Item> & { title: string; slug: string }) =>
  p.addItem(site as never, { kind: 'article', ...fields });

beforeAll(async () => {
  p = await startTestPlatform();
  a = await p.newSite({ slug: `xa-a-${u}`, nameVi: `Xã A ${u}`, kind: 'commune' });
  b = await p.newSite({ slug: `xa-b-${u}`, nameVi: `Xã B ${u}`, kind: 'commune' });
});
afterAll(() => p.close());

describe('10. search: the last fetch checks the site and publication again', () => {
  test('an item withdrawn after the match, or of another site, is not fetched', async () => {
    const mine = await add(a, { slug: `tk-a-${u}`, title: `Tin đăng của A ${u}` });
    const withdrawn = await add(a, { slug: `tk-rut-${u}`, title: `Tin bị rút ${u}` });
    const archived = await add(a, { slug: `tk-luu-${u}`, title: `Tin lưu trữ ${u}` });
    const later = await add(a, {
      kind: 'article',
      slug: `tk-hen-${u}`,
      title: `Tin hẹn giờ ${u}`,
      publishedAt: new Date(Date.now() + 3_600_000),
    });
    const english = await add(a, { slug: `tk-en-${u}`, title: `News ${u}`, locale: 'en' });
    const theirs = await add(b, { slug: `tk-b-${u}`, title: `Tin của B ${u}` });
    // Withdrawn between the match and the fetch, as a race would have it.
    await Item.update({ publication: 'unpublished' }, { where: { id: withdrawn.id } });
    await Item.update({ publication: 'archived' }, { where: { id: archived.id } });
    const s: SearchQuery = { q: u, siteIds: [a.id], locale: 'vi', page: 1, perPage: 10, useMaster: true };
    const ids = [mine, withdrawn, archived, later, english, theirs].map((i) => i.id);
    const hits = await searchHitsByIds(Item.sequelize!, s, ids);
    expect(hits.map((h) => h.id)).toEqual([mine.id]);
    // The portal's scope (both sites) takes B's published item, never the unpublished ones.
    const portal = await searchHitsByIds(Item.sequelize!, { ...s, siteIds: [a.id, b.id] }, ids);
    expect(portal.map((h) => h.id).sort((x, y) => x - y)).toEqual([mine.id, theirs.id].sort((x, y) => x - y));
    // Filters hold too: a kind filter drops an article.
    expect(await searchHitsByIds(Item.sequelize!, { ...s, kind: 'legal_document' }, ids)).toEqual([]);
  });
});
