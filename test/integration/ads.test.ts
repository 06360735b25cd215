// Advertising: a placement made in the console shows, labelled, on its sites only and only within
// its dates; impressions and clicks are counted without cookies; revenue and the period report;
// and who may place it.
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import supertest from 'supertest';
import { adReport } from '../../server/ads/ads.service';
import type { Site } from '../../tenants/tenant.types';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
const D = 'tuyenquang.localhost';
let A: Site;
let operator: Browser;
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.now() + 7 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  p = await startTestPlatform();
  const mk = (slug: string) => p.newSite({ slug: `${slug}-${u}`, nameVi: `Xã ${slug} ${u}`, kind: 'commune' });
  A = await mk('qc-a');
  await mk('qc-b'); // the other site, which must show none of A's placements
  operator = new Browser(p.server);
  await operator.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD);
});
afterAll(() => p.close());

const banner = () =>
  sharp({ create: { width: 600, height: 120, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();

async function place(fields: Record<string, string>) {
  const page = await operator.get(D, '/admin/quang-cao');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  return operator.postMultipart(
    D,
    '/admin/quang-cao',
    { _csrf: token, slot: 'header', advertiser: `Ngân hàng ${u}`, linkUrl: 'https://example.vn/uu-dai', ...fields },
    { image: { name: 'banner.png', bytes: await banner() } },
  );
}

test('a placement shows on its site within its dates, labelled; impressions and clicks are counted', async () => {
  const res = await place({ title: `Ưu đãi ${u}`, startsOn: today(), endsOn: plusDays(10), siteIds: String(A.id) });
  expect(res.status).toBe(303);
  const [{ id }] = await p.sequelize.query<{ id: string }>('SELECT id FROM ad_placements WHERE title = :t', {
    replacements: { t: `Ưu đãi ${u}` },
    type: QueryTypes.SELECT,
  });
  const home = await p.get(`qc-a-${u}.test`, '/').expect(200);
  expect(home.text).toContain('<p class="ad__label">Quảng cáo</p>');
  expect(home.text).toContain(`src="/quang-cao/${id}/anh" alt="Ưu đãi ${u}"`);
  expect((await p.get(`qc-b-${u}.test`, '/')).text).not.toContain(`Ưu đãi ${u}`);

  const img = await p.get(`qc-a-${u}.test`, `/quang-cao/${id}/anh`).expect(200);
  expect(img.headers['content-type']).toBe('image/jpeg');
  expect(img.headers['set-cookie']).toBeUndefined();
  const again = await p.get(`qc-a-${u}.test`, `/quang-cao/${id}/anh`, { 'if-none-match': img.headers.etag as string });
  expect(again.status).toBe(304);
  const click = await p.get(`qc-a-${u}.test`, `/quang-cao/${id}`).expect(302);
  expect(click.headers.location).toBe('https://example.vn/uu-dai');
  // Not on the other site, whatever the id.
  await p.get(`qc-b-${u}.test`, `/quang-cao/${id}`).expect(404);
  await p.get(`qc-b-${u}.test`, `/quang-cao/${id}/anh`).expect(404);

  await p.adCounter.flush(p.sequelize);
  const report = await adReport(p.sequelize, today(), today());
  expect(report.find((r) => r.id === Number(id))).toMatchObject({ impressions: 2, clicks: 1, revenue: 0 });

  const paid = await operator.submit(D, '/admin/quang-cao', `/admin/quang-cao/${id}/doanh-thu`, {
    amount: '5.000.000',
    receivedOn: today(),
  });
  expect(paid.status).toBe(303);
  expect((await adReport(p.sequelize, today(), today())).find((r) => r.id === Number(id))!.revenue).toBe(5_000_000);

  const withdrawn = await operator.submit(D, '/admin/quang-cao', `/admin/quang-cao/${id}/go`, {});
  expect(withdrawn.status).toBe(303);
  expect((await p.get(`qc-a-${u}.test`, '/')).text).not.toContain(`Ưu đãi ${u}`);
  await p.get(`qc-a-${u}.test`, `/quang-cao/${id}`).expect(404);
});

test('a placement that has not started does not show; bad input is refused with nothing stored', async () => {
  expect((await place({ title: `Sắp chạy ${u}`, startsOn: plusDays(2), endsOn: plusDays(5) })).status).toBe(303);
  expect((await p.get(`qc-a-${u}.test`, '/')).text).not.toContain(`Sắp chạy ${u}`);
  const bad = await place({ title: `Sai ${u}`, startsOn: plusDays(5), endsOn: plusDays(2) });
  expect(bad.status).toBe(303);
  const page = await operator.get(D, bad.headers.location as string);
  expect(page.text).toContain('Đến ngày phải sau từ ngày');
  const badLink = await place({
    title: `Sai liên kết ${u}`,
    startsOn: today(),
    endsOn: today(),
    linkUrl: 'javascript:alert(1)',
  });
  expect(badLink.status).toBe(303);
  const [{ n }] = await p.sequelize.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM ad_placements WHERE title LIKE 'Sai%' AND advertiser = :a",
    { replacements: { a: `Ngân hàng ${u}` }, type: QueryTypes.SELECT },
  );
  expect(n).toBe(0);
});

test('a reporter reads the advertising report but cannot place; multipart posts elsewhere need their token', async () => {
  const reporter = new Browser(p.server);
  await reporter.signIn(D, `baocao@${D}`, DEMO_PASSWORD);
  expect((await reporter.get(D, '/admin/quang-cao')).status).toBe(200);
  const page = await reporter.get(D, '/admin/quang-cao');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  const refused = await reporter.postMultipart(
    D,
    '/admin/quang-cao',
    {
      _csrf: token,
      slot: 'header',
      advertiser: 'X',
      title: `Không được ${u}`,
      linkUrl: 'https://x.vn',
      startsOn: today(),
      endsOn: today(),
    },
    { image: { name: 'b.png', bytes: await banner() } },
  );
  expect(refused.status).toBe(403);
  // A multipart post to a route that takes no file is refused without its token.
  const sneaky = await supertest(p.server)
    .post('/admin/tai-khoan/dang-xuat-moi-noi')
    .set({ host: D, cookie: reporter.cookie(D) })
    .field('x', '1');
  expect(sneaky.status).toBe(403);
});
