// The security suite: hostile input in every public query parameter and filter (reflected XSS, SQL
// injection), stored XSS through the citizens' forms, cross-tenant access by id, host and path,
// path traversal, open redirects, privilege escalation and oversized bodies. Every attempt must
// be refused or rendered inert, with nothing changed.
import { QueryTypes } from 'sequelize';
import supertest from 'supertest';
import { createItem, stepItem } from '../../server/content/content.service';
import { Item } from '../../server/content/item.model';
import { answerParticipation, Participation } from '../../server/participation/participation.service';
import type { Site } from '../../tenants/tenant.types';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { actingAs, rawGet, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
const D = 'tuyenquang.localhost';
let A: Site;
let B: Site;
const HA = `an-a-${u}.test`;
const HB = `an-b-${u}.test`;

const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  'javascript:alert(1)',
];
const SQLI = [
  "' OR '1'='1",
  '1; DROP TABLE items; --',
  "1' UNION SELECT password_hash FROM people --",
  '%27%20OR%201=1--',
];

beforeAll(async () => {
  p = await startTestPlatform();
  const mk = (slug: string) =>
    p.newSite({ slug: `${slug}-${u}`, nameVi: `Sở ${slug} ${u}`, kind: 'department', theme: 'tinh' });
  A = await mk('an-a');
  B = await mk('an-b');
  await p.addItem(A as never, { kind: 'article', slug: `bi-mat-${u}`, title: `Tin của A ${u}` });
  await p.addItem(B as never, { kind: 'article', slug: `cua-b-${u}`, title: `Tin của B ${u}` });
  await p.addItem(A as never, {
    kind: 'legal_document',
    slug: `vb-${u}`,
    title: `Văn bản của A ${u}`,
    data: { number: '1/QĐ', form: 'quyet-dinh', issuingBody: 'UBND', issuedOn: '2026-01-01', status: 'in_force' },
  });
});
afterAll(() => p.close());

// Every public page that reads the query string, with the parameters it reads.
const QUERY_PAGES: [string, string[]][] = [
  ['/tim-kiem', ['q', 'kind', 'site', 'from', 'to', 'page']],
  ['/en/search', ['q', 'kind', 'from', 'to', 'page']],
  ['/tin-tuc', ['page']],
  ['/van-ban', ['form', 'issuingBody', 'field', 'issuedOn', 'status', 'page']],
  ['/du-an', ['status', 'field', 'page']],
  ['/lay-y-kien', ['state', 'page']],
  ['/hoi-dap', ['page']],
  ['/hoi-dap/gui', ['noi']],
  ['/tra-cuu', ['ma', 'moi']],
  ['/en/untranslated', ['from']],
  ['/api/v1/items', ['kind', 'page', 'perPage', 'lang']],
  ['/api/v1/legal-documents', ['form', 'issuingBody', 'status', 'issuedOn', 'page']],
];

test('hostile values in every query parameter are refused or shown inert, never a 500, never raw markup', async () => {
  const problems: string[] = [];
  for (const [path, params] of QUERY_PAGES)
    for (const param of params)
      for (const value of [...XSS, ...SQLI]) {
        const res = await p.get(HA, `${path}?${param}=${encodeURIComponent(value)}`);
        if (res.status >= 500) problems.push(`${path}?${param}=${value}: ${res.status}`);
        if (/<script>alert\(1\)|<img src=x onerror|<svg\/onload/i.test(res.text))
          problems.push(`${path}?${param}=${value}: markup reflected raw`);
        // An injected condition never returns another site's rows.
        if (res.text.includes(`Tin của B ${u}`)) problems.push(`${path}?${param}=${value}: other site's data`);
      }
  expect(problems).toEqual([]);
  // Nothing was dropped or changed.
  const [row] = await p.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE tenant_id = :a', {
    replacements: { a: A.id },
    type: QueryTypes.SELECT,
  });
  expect(row!.n).toBe(2);
});

test('hostile paths: traversal, encoded slashes and NUL bytes find nothing outside the site', async () => {
  for (const path of [
    '/media/..%2f..%2fpackage.json',
    '/media/%2e%2e/%2e%2e/etc/passwd',
    '/_assets/../../package.json',
    '/_assets/tinh/x/..%2f..%2f..%2fpackage.json',
    '/tin-tuc/..%2f..%2fadmin',
    '/tin-tuc/%00',
    '/api/v1/items/article/..%2f..%2fpeople',
  ]) {
    const res = await rawGet(p.server, HA, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body.toString()).not.toContain('"dependencies"');
  }
});

test("cross-tenant: another site's item by its slug, by its host swapped, by path confusion or a forged forwarded host", async () => {
  await p.get(HA, `/tin-tuc/bi-mat-${u}`).expect(200);
  await p.get(HB, `/tin-tuc/bi-mat-${u}`).expect(404);
  await p.get(HB, `/api/v1/items/article/bi-mat-${u}`).expect(404);
  // The portal's path-prefix sites: a ".." cannot step from one prefix into another.
  for (const path of [
    `/phuong-minh-xuan/../so-van-hoa-the-thao-du-lich/tin-tuc`,
    `/phuong-minh-xuan/%2e%2e/so-van-hoa-the-thao-du-lich/tin-tuc`,
    `/phuong-minh-xuan/..%2fso-van-hoa-the-thao-du-lich/tin-tuc`,
  ]) {
    const res = await rawGet(p.server, D, path);
    expect(res.status === 301 ? res.headers.location : res.status).not.toBe(200);
    expect(res.body.toString()).not.toContain('Sở Văn hóa, Thể thao và Du lịch tỉnh Tuyên Quang triển khai');
  }
  // X-Forwarded-Host counts only from a trusted proxy; this platform trusts none.
  const forged = await p.get(HB, `/tin-tuc/bi-mat-${u}`, { 'x-forwarded-host': HA });
  expect(forged.status).toBe(404);
});

test('stored XSS through a citizen question is shown as text on every page that shows it', async () => {
  const citizen = new Browser(p.server);
  const form = await citizen.get(HA, '/hoi-dap/gui');
  const token = /name="token" value="([^"]+)"/.exec(form.text)![1]!;
  const q = /Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng/i.exec(form.text)!;
  const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
  await new Promise((r) => setTimeout(r, 2100));
  const sent = await citizen.postMultipart(
    HA,
    '/hoi-dap/gui',
    {
      senderName: '<img src=x onerror=alert(1)>',
      senderEmail: 'x@y.vn',
      subject: `<script>alert(1)</script> ${u}`,
      content: '"><svg/onload=alert(1)> nội dung câu hỏi dài hơn mười ký tự',
      token,
      challenge: String(DIGITS.indexOf(q[1]!.toLowerCase()) + DIGITS.indexOf(q[2]!.toLowerCase())),
    },
    {},
  );
  expect(sent.status).toBe(303);
  const stored = (await Participation.findOne({ where: { subject: `<script>alert(1)</script> ${u}` } }))!;
  const approver = await actingAs('approver', A.id);
  await answerParticipation({ sequelize: p.sequelize, cache: p.cache, files: null as never }, approver, A, stored.id, {
    answer: '<script>alert(2)</script>',
    publish: 'on',
  });
  for (const path of ['/hoi-dap', `/hoi-dap/${stored.id}`, `/tra-cuu?ma=${stored.trackingCode}`]) {
    const res = await p.get(HA, path).expect(200);
    expect(res.text).not.toMatch(/<script>alert|<img src=x onerror|<svg\/onload/);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  }
});

test('privilege escalation: a contributor cannot approve, publish or moderate, and nothing changes', async () => {
  const contributor = await actingAs('contributor', A.id);
  const item = await createItem({ sequelize: p.sequelize, cache: p.cache }, contributor, A, 'article', {
    title: `Bài của cộng tác viên ${u}`,
    author: 'CTV',
    source: null as never,
  });
  await stepItem({ sequelize: p.sequelize, cache: p.cache }, contributor, A, item.id, 'submit');
  await expect(
    stepItem({ sequelize: p.sequelize, cache: p.cache }, contributor, A, item.id, 'approve'),
  ).rejects.toMatchObject({ status: 403 });
  await expect(
    stepItem({ sequelize: p.sequelize, cache: p.cache }, contributor, A, item.id, 'archive'),
  ).rejects.toMatchObject({ status: 403 });
  expect((await Item.findByPk(item.id))!.publication).toBe('unpublished');
  // Over HTTP too: the demo contributor of Minh Xuân posting the approve step of an item there.
  const ctv = new Browser(p.server);
  await ctv.signIn(D, `ctv.minhxuan@${D}`, DEMO_PASSWORD, { base: '/phuong-minh-xuan/admin' });
  const mx = p.registry.all().find((s) => s.slug === 'minhxuan')!;
  const target = (await Item.findOne({ where: { tenantId: mx.id, publication: 'published' } }))!;
  const res = await ctv.submit(
    D,
    '/phuong-minh-xuan/admin/tin-bai',
    `/phuong-minh-xuan/admin/tin-bai/${target.id}/buoc/unpublish`,
    {},
  );
  expect([403, 404]).toContain(res.status);
  expect((await Item.findByPk(target.id))!.publication).toBe('published');
});

test('oversized and malformed bodies are refused before they are read in full', async () => {
  const big = 'x'.repeat(70 * 1024);
  const admin = await supertest(p.server).post('/admin/dang-nhap').set({ host: D }).type('form').send(`email=${big}`);
  expect(admin.status).toBe(413);
  const rating = await supertest(p.server).post('/danh-gia').set({ host: HA }).type('form').send(`target=${big}`);
  expect(rating.status).toBe(413);
  const form = await supertest(p.server)
    .post('/hoi-dap/gui')
    .set({ host: HA, 'content-type': 'multipart/form-data; boundary=xyz' })
    .send('--xyz\r\nContent-Disposition: form-data; name="content"\r\n\r\nunterminated');
  expect([400, 403, 422]).toContain(form.status);
  const json = await supertest(p.server)
    .post('/api/v1/items')
    .set({ host: HA, 'content-type': 'application/json' })
    .send('{"a":');
  expect(json.status).toBe(405);
});
