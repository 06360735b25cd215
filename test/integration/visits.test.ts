// Visits: counted per site, page and day on the server (cache hits included, crawlers and errors
// not), flushed additively to Postgres from any number of instances, and shown in the footer.
import { QueryTypes } from 'sequelize';
import { VisitCounter } from '../../server/visits/visit-counter';
import type { Site } from '../../tenants/tenant.types';
import { signedInCookie, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
let siteA: Site;
let siteB: Site;

beforeAll(async () => {
  p = await startTestPlatform();
  const mk = (slug: string) => p.newSite({ slug: `${slug}-${u}`, nameVi: `Xã ${slug}`, kind: 'commune' });
  siteA = await mk('luot-a');
  siteB = await mk('luot-b');
});
afterAll(() => p.close());

const countsOf = (site: Site) =>
  p.sequelize.query<{ path: string; count: string }>(
    'SELECT path, count FROM visit_pages WHERE tenant_id = :id ORDER BY path',
    { replacements: { id: site.id }, type: QueryTypes.SELECT },
  );

test('page views of each site are counted, hits included; crawlers, errors and staff are not', async () => {
  const a = `luot-a-${u}.test`;
  await p.get(a, '/').expect(200); // miss
  expect((await p.get(a, '/')).headers['x-cache']).toBe('HIT');
  await p.get(a, '/?utm_source=zalo').expect(200); // the same page
  await p.get(a, '/tin-tuc').expect(200);
  await p.get(a, '/khong-co-trang-nay').expect(404);
  await p.get(a, '/', { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' }).expect(200);
  await p.get(a, '/', { cookie: await signedInCookie(p.server, a, siteA.id) }).expect(200);
  await p.get(`luot-b-${u}.test`, '/').expect(200);
  await p.visits.flush(p.sequelize);

  expect(await countsOf(siteA)).toEqual([
    { path: '/', count: '3' },
    { path: '/tin-tuc', count: '1' },
  ]);
  expect(await countsOf(siteB)).toEqual([{ path: '/', count: '1' }]);
  const later = new Date(Date.now() + 31_000); // past the footer's 30-second memo
  expect(await p.visits.figuresOf(p.sequelize, siteA.id, later)).toEqual({ today: 4, total: 4 });
});

test('two instances flushing at once add up; a failed flush keeps its counts for the next', async () => {
  const one = new VisitCounter();
  const two = new VisitCounter();
  for (let i = 0; i < 5; i++) one.record(siteB.id, '/gioi-thieu', undefined);
  for (let i = 0; i < 7; i++) two.record(siteB.id, '/gioi-thieu', 'Mozilla/5.0');
  await Promise.all([one.flush(p.sequelize), two.flush(p.sequelize)]);
  expect((await countsOf(siteB)).find((r) => r.path === '/gioi-thieu')).toEqual({ path: '/gioi-thieu', count: '12' });

  const broken = new VisitCounter();
  broken.record(siteB.id, '/lien-he', undefined);
  const failing = { transaction: () => Promise.reject(new Error('database down')) } as never;
  await expect(broken.flush(failing)).rejects.toThrow('database down');
  expect(await broken.flush(p.sequelize)).toBe(1);
});

test('the footer shows visits today and in total', async () => {
  const res = await p.get(`luot-b-${u}.test`, '/gioi-thieu').expect(200);
  expect(res.text).toMatch(/Lượt truy cập hôm nay: [\d.]+ · Tổng lượt truy cập: [\d.]+/);
});
