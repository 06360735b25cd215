// The security suite: hostile input in every public query parameter and filter (reflected XSS, SQL
// injection), stored XSS through the citizens' forms and the editors' inputs, cross-tenant access
// by id, host and path, path traversal, CSRF on the back office and the citizens' forms, session
// fixation, open redirects, privilege escalation, oversized bodies and slow clients. Every attempt
// must be refused or rendered inert, with nothing changed.
import net from 'node:net';
import { QueryTypes } from 'sequelize';
import supertest from 'supertest';
import { AuditEntry } from '../../server/audit/audit-entry.model';
import type { Role } from '../../server/auth/roles';
import { createItem, stepItem } from '../../server/content/content.service';
import { Item } from '../../server/content/item.model';
import { createHttpServer } from '../../server/http/http-server';
import { Media } from '../../server/media/media.model';
import { answerParticipation } from '../../server/participation/participation.service';
import { Participation } from '../../server/participation/participation.model';
import type { Site } from '../../tenants/tenant.types';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { actingAs, personWithRole, rawGet, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

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

// --- Back office: CSRF, session fixation, stored XSS through editors' inputs ---

const PASSWORD = 'Mat-khau-rat-dai-2026';

/** A person with a password and one role on a site, signed in on that site's host. */
async function staffOn(site: Site, host: string, role: Role) {
  const { person } = await personWithRole(role, site.id, { password: PASSWORD });
  const browser = new Browser(p.server);
  expect((await browser.signIn(host, person.email, PASSWORD)).status).toBe(303);
  return { person, browser };
}

const cookieOf = (res: supertest.Response, name: string) =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? [])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);

test("CSRF: a signed-in editor's posts without their form's token are refused 403, and nothing changes", async () => {
  const { browser: editor } = await staffOn(A, HA, 'editor');
  const title = `Bài giả mạo CSRF ${u}`;
  const article = { title, summary: 'Tóm tắt', body: '<p>Nội dung</p>', author: 'Tác giả', deadlineClass: 'news' };
  // A valid token, but of another session (what a hostile page could get for itself).
  const foreign = await new Browser(p.server).csrf(HA, '/admin/dang-nhap');
  const auditBefore = await AuditEntry.count({ where: { tenantId: A.id } });
  const mediaBefore = await Media.count({ where: { tenantId: A.id } });

  for (const _csrf of [undefined, 'a'.repeat(64), foreign]) {
    const form = _csrf === undefined ? article : { ...article, _csrf };
    const res = await editor.post(HA, '/admin/tin-bai/moi?loai=article', form);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Biểu mẫu đã hết hạn hoặc không hợp lệ');
    // The upload form reads its token after the file: refused all the same.
    const fields: Record<string, string> = _csrf === undefined ? {} : { _csrf };
    const upload = await editor.postMultipart(HA, '/admin/tep', fields, {
      file: { name: 'tai-lieu.pdf', bytes: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') },
    });
    expect(upload.status).toBe(403);
  }
  // A multipart post to a form that takes no file cannot have its token read: refused.
  const multipart = await editor.postMultipart(
    HA,
    '/admin/tin-bai/moi?loai=article',
    { ...article, _csrf: await editor.csrf(HA, '/admin/tin-bai/moi?loai=article') },
    {},
  );
  expect(multipart.status).toBe(403);
  expect(await Item.count({ where: { title } })).toBe(0);
  expect(await Media.count({ where: { tenantId: A.id } })).toBe(mediaBefore);
  expect(await AuditEntry.count({ where: { tenantId: A.id } })).toBe(auditBefore);

  // The very same form with its own token goes through: the token was the only thing missing.
  const sent = await editor.submit(HA, '/admin/tin-bai/moi?loai=article', '/admin/tin-bai/moi?loai=article', article);
  expect(sent.status).toBe(303);
  expect(await Item.count({ where: { title } })).toBe(1);
});

test('session fixation: a session id planted before sign-in is not the one after, and stays signed out', async () => {
  const { person } = await staffOn(A, HA, 'editor');
  // The attacker opens the sign-in page, and plants its cookie in the victim's browser.
  const page = await p.get(HA, '/admin/dang-nhap');
  const planted = cookieOf(page, 'cong.sid')!;
  expect(planted).toBeDefined();
  const _csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  // The victim signs in with it.
  const signIn = await supertest(p.server)
    .post('/admin/dang-nhap')
    .set({ host: HA, cookie: `cong.sid=${planted}` })
    .type('form')
    .send({ email: person.email, password: PASSWORD, next: '', _csrf })
    .redirects(0);
  expect(signIn.status).toBe(303);
  const issued = cookieOf(signIn, 'cong.sid');
  expect(issued).toBeDefined();
  expect(issued).not.toBe(planted);
  expect((await p.get(HA, '/admin', { cookie: `cong.sid=${issued}` })).status).toBe(200);
  // The planted id opens nothing.
  const attacker = await p.get(HA, '/admin', { cookie: `cong.sid=${planted}` });
  expect(attacker.status).toBe(303);
  expect(attacker.headers.location).toMatch(/\/admin\/(dang-nhap|sso)\?/); // sent to sign in
  // An id the attacker makes up is not taken at all: the server issues its own.
  const invented = 's%3Aattacker-chosen-session-id.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const fresh = await p.get(HA, '/admin/dang-nhap', { cookie: `cong.sid=${invented}` });
  expect(cookieOf(fresh, 'cong.sid')).toBeDefined();
  expect(cookieOf(fresh, 'cong.sid')).not.toBe(invented);
});

// The payloads below as they would look had they reached a page raw.
const RAW_MARKUP =
  /<script>alert|<img src=x onerror|<svg\/onload|<iframe|<b onmouseover|<p onclick|href\s*=\s*["']?javascript:/i;
/** A page's markup without its JSON-LD data blocks (text, checked on their own) and CDATA sections. */
const markupOf = (text: string) =>
  text.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');

test("stored XSS through an editor's title, summary, author and body is inert on public pages and in the back office", async () => {
  const { browser: editor } = await staffOn(A, HA, 'editor');
  const approver = await actingAs('approver', A.id);
  const title = `<script>alert(1)</script> Tin độc ${u} "><img src=x onerror=alert(1)> ]]><script>alert(2)</script>`;
  const created = await editor.submit(HA, '/admin/tin-bai/moi?loai=article', '/admin/tin-bai/moi?loai=article', {
    title,
    summary: `<svg/onload=alert(1)> Tóm tắt ${u}`,
    body:
      `<p>Đoạn an toàn ${u}</p><script>alert(1)</script><img src=x onerror=alert(1)>` +
      `<a href="javascript:alert(1)">liên kết</a><iframe src="//evil.example"></iframe>` +
      `<p onclick="alert(1)" style="background:url(javascript:alert(1))">Đoạn có thuộc tính</p>`,
    author: '<b onmouseover=alert(1)>Tác giả</b>',
    source: '"><script>alert(1)</script>',
    deadlineClass: 'news',
  });
  expect(created.status).toBe(303);
  const id = Number(/tin-bai\/(\d+)/.exec(created.headers.location as string)![1]);
  await editor.submit(HA, `/admin/tin-bai/${id}`, `/admin/tin-bai/${id}/buoc/submit`, {});

  // In the back office before publication: the list, the item, its preview.
  for (const path of ['/admin/tin-bai', `/admin/tin-bai/${id}`, `/admin/tin-bai/${id}/xem-truoc`]) {
    const res = await editor.get(HA, path);
    expect(res.status).toBe(200);
    expect(markupOf(res.text)).not.toMatch(RAW_MARKUP);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Tin độc');
  }

  await stepItem({ sequelize: p.sequelize, cache: p.cache }, approver, A, id, 'approve');
  const item = (await Item.findByPk(id))!;
  expect(item.publication).toBe('published');
  // The body was sanitised before it was stored: the harmless paragraph stays, the rest is gone.
  expect(item.body).toContain(`<p>Đoạn an toàn ${u}</p>`);
  expect(item.body).toContain('Đoạn có thuộc tính');
  expect(item.body).not.toMatch(/<script|<iframe|onerror|onclick|javascript:|style=/i);

  // Pages, lists and the feed (whose CDATA cannot be closed early by a "]]>" in the title).
  for (const path of [`/tin-tuc/${item.slug}`, '/tin-tuc', '/', '/rss.xml']) {
    const res = await p.get(HA, path);
    expect([path, res.status]).toEqual([path, 200]);
    expect([path, RAW_MARKUP.test(markupOf(res.text))]).toEqual([path, false]);
    expect(res.text).toContain(`Tin độc ${u}`);
  }
  // The API is JSON (nosniff): the title is data; the body is the sanitised HTML.
  const api = await p.get(HA, `/api/v1/items/article/${item.slug}`).expect(200);
  expect(api.headers['content-type']).toMatch(/^application\/json/);
  expect(api.headers['x-content-type-options']).toBe('nosniff');
  const apiBody = String((api.body as { data: { body: string } }).data.body);
  expect(apiBody).toContain(`<p>Đoạn an toàn ${u}</p>`);
  expect(apiBody).not.toMatch(/<script|<iframe|onerror|onclick|javascript:/i);
  const page = await p.get(HA, `/tin-tuc/${item.slug}`);
  expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Tin độc');
  expect(page.text).toContain(`<p>Đoạn an toàn ${u}</p>`);
  // JSON-LD is a data block: a "</script>" in the title cannot close it.
  for (const block of page.text.match(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g) ?? [])
    expect(block.slice(0, -'</script>'.length)).not.toMatch(/<\//);
});

// --- Citizens' forms: cross-site posts ---

test("a citizen's complete, valid form posted from another site is refused, and nothing is stored", async () => {
  // Behind a trusted proxy, each attempt from its own address: the per-IP limit plays no part.
  const proxied = await startTestPlatform({ TRUST_PROXY: 'loopback' });
  try {
    const ip = `10.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}.7`;
    const citizen = new Browser(proxied.server, { 'x-forwarded-for': ip });
    const page = await citizen.get(HA, '/hoi-dap/gui');
    const token = /name="token" value="([^"]+)"/.exec(page.text)![1]!;
    const q = /Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng/i.exec(page.text)!;
    const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
    const subject = `Câu hỏi từ trang khác ${u}`;
    const fields = {
      senderName: 'Nguyễn Văn An',
      senderEmail: 'an@thu.vn',
      subject,
      content: 'Nội dung câu hỏi dài hơn mười ký tự.',
      token,
      challenge: String(DIGITS.indexOf(q[1]!.toLowerCase()) + DIGITS.indexOf(q[2]!.toLowerCase())),
      website: '',
    };
    await new Promise((r) => setTimeout(r, 2100));
    const post = (headers: Record<string, string>) => {
      let req = supertest(proxied.server)
        .post('/hoi-dap/gui')
        .set({ host: HA, 'x-forwarded-for': ip, ...headers });
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      return req.redirects(0);
    };
    const cookie = citizen.cookie(HA);
    for (const headers of <Record<string, string>[]>[
      { cookie, origin: 'http://evil.example' },
      { cookie, origin: `http://${HA}.evil.example` },
      { cookie, 'sec-fetch-site': 'cross-site' },
    ]) {
      const res = await post(headers);
      expect(res.status).toBe(403);
      expect(res.text).toContain('Yêu cầu từ trang khác bị từ chối');
    }
    // A cross-site post does not carry the form's SameSite=Strict cookie: refused by the token.
    const noCookie = await post({});
    expect(noCookie.status).toBe(422);
    expect(noCookie.text).toContain('cookie của biểu mẫu');
    expect(await Participation.count({ where: { subject } })).toBe(0);

    // The same form from its own page is received, once.
    const sent = await post({ cookie, origin: `http://${HA}` });
    expect(sent.status).toBe(303);
    expect(await Participation.count({ where: { subject } })).toBe(1);
  } finally {
    await proxied.close();
  }
});

// --- Open redirects ---

/** Where a browser would go: a relative Location resolves against the host it came from. */
const hostOf = (res: supertest.Response, from: string) =>
  new URL(res.headers.location as string, `http://${from}`).host;
const OFF_SITE = [
  '//evil.example/x',
  'https://evil.example/',
  'http:evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/%0d%0aLocation:%20https://evil.example',
  'javascript:alert(1)',
];

test('sign-in and the hand-over to a site never redirect off the site, whatever next= says', async () => {
  const { person, browser } = await staffOn(A, HA, 'editor');
  for (const next of OFF_SITE) {
    // The form carries on only a path of this site.
    const form = await new Browser(p.server).get(HA, `/admin/dang-nhap?next=${encodeURIComponent(next)}`);
    const kept = /name="next" value="([^"]*)"/.exec(form.text)?.[1] ?? '';
    expect([next, new URL(kept.replace(/&#x3D;/g, '='), `http://${HA}`).host]).toEqual([next, HA]);
    // Signing in with it lands on the site.
    const b = new Browser(p.server);
    const res = await b.signIn(HA, person.email, PASSWORD, { next });
    expect(res.status).toBe(303);
    expect([next, hostOf(res, HA)]).toEqual([next, HA]);
    // Already signed in, the sign-in page sends on to the site too.
    const again = await browser.get(HA, `/admin/dang-nhap?next=${encodeURIComponent(next)}`);
    expect([next, hostOf(again, HA)]).toEqual([next, HA]);
  }
  // The portal hands a signed-in person over to the site's own host, then to a page there.
  const portal = new Browser(p.server);
  expect((await portal.signIn(D, person.email, PASSWORD)).status).toBe(303);
  for (const next of OFF_SITE) {
    const handOver = await portal.get(D, `/admin/sso?site=${A.id}&next=${encodeURIComponent(next)}`);
    expect(handOver.status).toBe(303);
    expect(hostOf(handOver, D)).toBe(HA);
    const to = new URL(handOver.headers.location as string);
    const landed = await new Browser(p.server).get(HA, to.pathname + to.search);
    expect(landed.status).toBe(303);
    expect([next, hostOf(landed, HA)]).toEqual([next, HA]);
  }
});

test('the language switch and odd paths never lead off the site', async () => {
  const EN = `skhcn.${D}`; // a demo site with English
  await p.get(EN, '/en/untranslated?from=%2Ftin-tuc').expect(200);
  for (const from of OFF_SITE) {
    const res = await p.get(EN, `/en/untranslated?from=${encodeURIComponent(from)}`);
    expect([from, res.status]).toEqual([from, 400]);
    expect(res.text).not.toContain('evil.example');
  }
  for (const path of ['//evil.example', '//evil.example/tin-tuc', '/%2F%2Fevil.example', '/%5Cevil.example']) {
    const res = await rawGet(p.server, HA, path);
    if (res.headers.location) expect([path, new URL(res.headers.location, `http://${HA}`).host]).toEqual([path, HA]);
    expect(res.body.toString()).not.toMatch(/href="(?:https?:)?\/\/evil\.example/);
  }
});

// --- Slow clients (the server of main.ts; its own tests: test/unit/server/http-server.test.ts) ---

test('a client that sends headers a byte at a time, or trickles its body, is cut off; nothing is signed in', async () => {
  const server = createHttpServer(p.handler, { headersMs: 1_000, requestMs: 2_000 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const slow = (head: string, drip: string) =>
    new Promise<{ received: string; ms: number }>((resolve) => {
      const started = Date.now();
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      let timer: NodeJS.Timeout | undefined;
      let i = 0;
      const tick = () => {
        if (socket.destroyed || i >= drip.length) return;
        socket.write(drip[i++]!);
        timer = setTimeout(tick, 100);
      };
      socket.on('connect', () => (socket.write(head), tick()));
      socket.on('data', (c: Buffer) => (received += c.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => (clearTimeout(timer), resolve({ received, ms: Date.now() - started })));
    });
  try {
    const auditBefore = await AuditEntry.count();
    const headers = await slow(`GET / HTTP/1.1\r\nHost: ${HA}\r\nX-Slow: `, 'a'.repeat(100));
    expect(headers.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(headers.ms).toBeLessThan(3_000);
    const body = await slow(
      `POST /admin/dang-nhap HTTP/1.1\r\nHost: ${D}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n`,
      `email=vanhanh%40${D}&password=x`.padEnd(100, 'x'),
    );
    expect(body.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(body.ms).toBeLessThan(4_000);
    expect(await AuditEntry.count()).toBe(auditBefore);
    // The same server answers a normal request.
    await supertest(server).get(`/tin-tuc/bi-mat-${u}`).set({ host: HA }).expect(200);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
