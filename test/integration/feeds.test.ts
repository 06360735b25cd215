// RSS, sitemaps and robots.txt: each site's own published items, absolute canonical URLs.
import { Item } from '../../server/content/item.model';
import { sitemap } from '../../server/site/feeds';
import { Participation } from '../../server/participation/participation.model';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
const u = uid();

beforeAll(async () => {
  p = await startTestPlatform();
  const stc = p.registry.all().find((s) => s.slug === 'stc')!;
  await Item.create({
    tenantId: stc.id,
    kind: 'article',
    slug: `an-${u}`,
    title: `Bản nháp chưa đăng ${u}`,
    summary: null,
    body: null,
    author: 'A',
    source: null,
    publishedAt: null,
    publication: 'unpublished',
  } as never);
  await Item.create({
    tenantId: stc.id,
    kind: 'article',
    slug: `rss-${u}`,
    title: `Tin có <ký tự> & dấu ${u}`,
    summary: 'Tóm tắt',
    body: null,
    author: 'Phóng viên',
    source: null,
    publishedAt: new Date(Date.now() - 1000),
    publication: 'published',
  } as never);
});
afterAll(() => p.close());

test('RSS of a site lists its published items with absolute links, escaped', async () => {
  const res = await p.get(`stc.${D}:3000`, '/rss.xml').expect(200);
  expect(res.headers['content-type']).toContain('application/rss+xml');
  expect(res.text).toContain(`<link>http://stc.${D}:3000/tin-tuc/rss-${u}</link>`);
  // Either CDATA or entities: both keep the markup characters as text.
  expect(res.text).toMatch(/<!\[CDATA\[Tin có <ký tự> & dấu|Tin có &lt;ký tự&gt; &amp; dấu/);
  expect(res.text).not.toContain(`Bản nháp chưa đăng ${u}`);
  expect(res.text).not.toContain('Phường Minh Xuân triển khai');
  const home = await p.get(`stc.${D}`, '/');
  expect(home.text).toContain('type="application/rss+xml"');
});

test('a category has its feed; a path-prefix site has its own, under its prefix', async () => {
  const cat = await p.get(D, '/phuong-minh-xuan/chuyen-muc/tin-tuc-su-kien/rss.xml').expect(200);
  expect(cat.text).toContain('Phường Minh Xuân triển khai');
  expect(cat.text).toContain(`http://${D}/phuong-minh-xuan/tin-tuc/`);
  await p.get(D, '/phuong-minh-xuan/chuyen-muc/khong-co/rss.xml').expect(404);
  const en = await p.get(D, '/en/rss.xml').expect(200);
  expect(en.text).toContain('Digital transformation plan');
  expect(en.text).not.toContain('chuyển đổi số');
});

test('sitemap.xml lists the fixed pages and published items of the site only', async () => {
  const res = await p.get(`stc.${D}`, '/sitemap.xml').expect(200);
  expect(res.text).toContain('<urlset');
  expect(res.text).toContain(`<loc>http://stc.${D}/van-ban</loc>`);
  expect(res.text).toContain(`<loc>http://stc.${D}/tin-tuc/rss-${u}</loc>`);
  expect(res.text).not.toContain(`an-${u}`);
  expect(res.text).not.toContain('phuong-minh-xuan');
  // Published questions and answers too, each on its own site's sitemap only.
  const stcId = p.registry.all().find((s) => s.slug === 'stc')!.id;
  const answered = (await Participation.findOne({
    where: { tenantId: stcId, status: 'published', kind: 'question' },
  }))!;
  expect(res.text).toContain(`<loc>http://stc.${D}/hoi-dap</loc>`);
  expect(res.text).toContain(`<loc>http://stc.${D}/hoi-dap/${answered.id}</loc>`);
  const ward = await p.get(D, '/phuong-minh-xuan/sitemap.xml').expect(200);
  expect(ward.text).toContain(`<loc>http://${D}/phuong-minh-xuan/hoi-dap</loc>`);
  expect(ward.text).not.toContain(`/hoi-dap/${answered.id}<`);
});

test('a large site gets a sitemap index and numbered sitemaps', async () => {
  const stc = p.registry.all().find((s) => s.slug === 'stc')!;
  const index = (await sitemap(`http://stc.${D}`, stc, null, 2))!;
  expect(index).toContain('<sitemapindex');
  expect(index).toContain(`<loc>http://stc.${D}/sitemap-1.xml</loc>`);
  const part2 = (await sitemap(`http://stc.${D}`, stc, 2, 2))!;
  expect(part2).toContain('<urlset');
  expect(await sitemap(`http://stc.${D}`, stc, 999, 2)).toBeNull();
  await p.get(`stc.${D}`, '/sitemap-999.xml').expect(404);
  await p.get(`stc.${D}`, '/sitemap-1.xml').expect(200);
});

test('robots.txt keeps crawlers out of the back offices and names every sitemap on the host', async () => {
  const res = await p.get(D, '/robots.txt').expect(200);
  expect(res.text).toContain('Disallow: /admin');
  expect(res.text).toContain('Disallow: /phuong-minh-xuan/admin');
  expect(res.text).toContain(`Sitemap: http://${D}/sitemap.xml`);
  expect(res.text).toContain(`Sitemap: http://${D}/phuong-minh-xuan/sitemap.xml`);
  expect(res.text).not.toContain('stc.');
});

test('an item page has its canonical URL, Open Graph tags and JSON-LD, with markup in titles kept inert', async () => {
  const stc = p.registry.all().find((s) => s.slug === 'stc')!;
  await Item.create({
    tenantId: stc.id,
    kind: 'legal_document',
    slug: `vb-og-${u}`,
    title: `Quyết định </script><b>x</b> ${u}`,
    summary: 'Tóm tắt văn bản',
    body: null,
    author: null,
    source: null,
    publishedAt: new Date(Date.now() - 1000),
    publication: 'published',
    data: { number: '12/QĐ-UBND', issuedOn: '2026-03-02', issuingBody: 'UBND tỉnh' },
  } as never);
  const res = await p.get(`stc.${D}:3000`, `/van-ban/vb-og-${u}`).expect(200);
  expect(res.text).toContain(`<link rel="canonical" href="http://stc.${D}:3000/van-ban/vb-og-${u}">`);
  expect(res.text).toContain('<meta property="og:type" content="article">');
  expect(res.text).toContain('<meta property="og:description" content="Tóm tắt văn bản">');
  const block = /<script type="application\/ld\+json">([^]*?)<\/script>/.exec(res.text)![1]!;
  expect(block).not.toContain('</');
  const ld = JSON.parse(block) as Record<string, unknown>;
  expect(ld['@type']).toBe('Legislation');
  expect(ld.legislationIdentifier).toBe('12/QĐ-UBND');
  expect(ld.name).toBe(`Quyết định </script><b>x</b> ${u}`);
  // A paginated list names its page in the canonical URL; a filter does not.
  const list = await p.get(`stc.${D}`, '/van-ban?form=quyet-dinh').expect(200);
  expect(list.text).toContain(`<link rel="canonical" href="http://stc.${D}/van-ban">`);
});

test('a page with no English version says so and links to the Vietnamese one; the HTML sitemap lists the sections', async () => {
  const vi = await p.get(D, '/hoi-dap').expect(200);
  expect(vi.text).toContain('href="/en/untranslated?from&#x3D;%2Fhoi-dap"'); // "=" as Handlebars escapes it
  const en = await p.get(D, '/en/untranslated?from=%2Fhoi-dap').expect(200);
  expect(en.text).toContain('This page is not available in English');
  expect(en.text).toContain('href="/hoi-dap" hreflang="vi"');
  await p.get(D, '/en/untranslated?from=%2F%2Fevil.example').expect(400);
  // A page with a translation switches straight to it.
  const news = await p.get(D, '/tin-tuc').expect(200);
  expect(news.text).toContain('href="/en/news" hreflang="en"');

  const map = await p.get(`stc.${D}`, '/so-do-trang').expect(200);
  expect(map.text).toContain('href="/van-ban"');
  expect(map.text).toContain('href="/hoi-dap"');
  expect(map.text).toContain('href="/chuyen-muc/');
  expect(map.text).not.toContain('phuong-minh-xuan');
  const mx = await p.get(D, '/phuong-minh-xuan/so-do-trang').expect(200);
  expect(mx.text).toContain('href="/phuong-minh-xuan/thu-tuc"');
});
