// The demo that `npm start` creates: the portal and its sub-sites, by sub-domain and by prefix.
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
beforeAll(async () => (p = await startTestPlatform()));
afterAll(() => p.close());

const D = 'tuyenquang.localhost';
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

test.each([
  [D, '/', 'Cổng thông tin điện tử tỉnh Tuyên Quang'],
  [D, '/en', 'Tuyen Quang Provincial Portal'],
  [`stc.${D}`, '/', 'Sở Tài chính tỉnh Tuyên Quang'],
  [`skhcn.${D}`, '/', 'Sở Khoa học và Công nghệ tỉnh Tuyên Quang'],
  [`skhcn.${D}`, '/en', 'Department of Science and Technology'],
  [`tantrao.${D}`, '/', 'Xã Tân Trào'],
  [D, '/so-van-hoa-the-thao-du-lich', 'Sở Văn hóa, Thể thao và Du lịch tỉnh Tuyên Quang'],
  [D, '/phuong-minh-xuan', 'Phường Minh Xuân'],
  [D, '/phuong-nong-tien', 'Phường Nông Tiến'],
])('%s%s is %s', async (host, path, name) => {
  const res = await p.get(host, path).expect(200);
  expect(title(res.text)).toBe(name);
  expect(res.text).toMatch(/<time datetime=/); // sample items are listed
});

test('the portal home lists the sub-sites by kind, with working links', async () => {
  const res = await p.get(D, '/').expect(200);
  for (const name of ['Sở Tài chính tỉnh Tuyên Quang', 'Phường Minh Xuân', 'Xã Tân Trào'])
    expect(res.text).toContain(name);
  expect(res.text).toContain('href="/phuong-minh-xuan"');
  expect(res.text).toMatch(/href="http:\/\/stc\.tuyenquang\.localhost(:\d+)?\/"/);
});

test('a sub-site shows its own items, not the portal’s or another sub-site’s', async () => {
  const stc = await p.get(`stc.${D}`, '/').expect(200);
  const mx = await p.get(D, '/phuong-minh-xuan').expect(200);
  expect(stc.text).toContain('Sở Tài chính tỉnh Tuyên Quang triển khai');
  expect(stc.text).not.toContain('Phường Minh Xuân triển khai');
  expect(mx.text).toContain('Phường Minh Xuân triển khai');
  expect(mx.text).not.toContain('Sở Tài chính tỉnh Tuyên Quang triển khai');
});

test('www and slug sub-domains redirect to the canonical addresses', async () => {
  expect((await p.get(`www.${D}:3000`, '/tin-tuc').expect(301)).headers.location).toBe(`http://${D}:3000/tin-tuc`);
  expect((await p.get(`minhxuan.${D}`, '/').expect(301)).headers.location).toBe(`http://${D}/phuong-minh-xuan`);
});

test('the English news of a site with English translate its first Vietnamese news, linked both ways', async () => {
  const en = await p.get(`skhcn.${D}`, '/en/news/digital-transformation-plan-for-2026-announced').expect(200);
  const viUrl = /<link rel="alternate" hreflang="vi" href="([^"]+)">/.exec(en.text)?.[1];
  expect(viUrl).toMatch(new RegExp(`^http://skhcn\\.${D.replace('.', '\\.')}/tin-tuc/`));
  const vi = await p.get(`skhcn.${D}`, new URL(viUrl!).pathname).expect(200);
  expect(vi.text).toContain('chuyển đổi số năm 2026');
  expect(vi.text).toContain(
    `<link rel="alternate" hreflang="en" href="http://skhcn.${D}/en/news/digital-transformation-plan-for-2026-announced">`,
  );
});
