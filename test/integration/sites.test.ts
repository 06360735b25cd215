// Every test here involves at least two sites and checks that neither shows the other's content.
import zlib from 'node:zlib';
import pino from 'pino';
import { setSiteStatus } from '../../tenants/provisioning';
import type { Tenant } from '../../tenants/tenant.model';
import { itemPage } from '../../server/content/published-items';
import { KINDS } from '../../server/content/kinds';
import { kindNames } from '../../server/content/kinds-en';
import type { RequestContext } from '../../server/core/request-context';
import { rawGet, signedInCookie, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
// The platform's log lines, to see that every rendered page is access-logged.
const logLines: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
const u = uid();
const hostA = `a-${u}.test`;
const aliasA = `alias-a-${u}.test`;
const portalHost = `portal-${u}.test`;
let siteA: Tenant;
let siteB: Tenant;
let root: Tenant;
const titleA = `Tin riêng của Sở A ${u}`;
const titleB = `Tin riêng của Xã B ${u}`;

beforeAll(async () => {
  p = await startTestPlatform({}, { logger });
  siteA = await p.createSite({
    slug: `so-a-${u}`,
    nameVi: `Sở Thử Nghiệm A ${u}`,
    nameEn: `Test Department A ${u}`,
    kind: 'department',
    theme: 'coso',
    themeSettings: { colorPrimary: '#123456' },
    languages: ['vi', 'en'],
    primaryHost: hostA,
    aliases: [aliasA],
    contact: { agencyName: `Cơ quan A ${u}`, phone: '0207 000 111' },
  });
  root = await p.createSite({
    slug: `goc-${u}`,
    nameVi: `Cổng gốc ${u}`,
    kind: 'other',
    theme: 'tinh',
    primaryHost: portalHost,
  });
  siteB = await p.createSite({
    slug: `xa-b-${u}`,
    nameVi: `Xã Thử Nghiệm B ${u}`,
    kind: 'commune',
    theme: 'coso',
    themeSettings: { colorPrimary: '#654321' },
    primaryHost: portalHost,
    pathPrefix: '/xa-b',
    contact: { agencyName: `UBND xã B ${u}` },
  });
  await p.addItem(siteA, {
    title: titleA,
    slug: 'tin-a',
    summary: 'Tóm tắt A',
    body: '<p>Nội dung A</p>',
    author: 'Tác giả A',
    source: 'Nguồn A',
  });
  await p.addItem(siteA, { title: `English news of A ${u}`, slug: 'news-a', locale: 'en' });
  await p.addItem(siteB, { title: titleB, slug: 'tin-b', author: 'Tác giả B' });
  // The same slug on both sites: each must show its own.
  await p.addItem(siteA, { title: `Chung slug ở A ${u}`, slug: 'chung' });
  await p.addItem(siteB, { title: `Chung slug ở B ${u}`, slug: 'chung' });
});
afterAll(() => p.close());

describe('each site answers at its own address with its own content', () => {
  test('a site on its own host', async () => {
    const res = await p.get(hostA, '/').expect(200);
    expect(res.text).toContain(`Sở Thử Nghiệm A ${u}`);
    expect(res.text).toContain(titleA);
    expect(res.text).toContain(`Cơ quan A ${u}`); // contact footer
    expect(res.text).not.toContain(titleB);
    expect(res.text).not.toContain(`Xã Thử Nghiệm B ${u}`);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  test('a site on a path prefix of another host', async () => {
    for (const path of ['/xa-b', '/xa-b/']) {
      const res = await p.get(portalHost, path).expect(200);
      expect(res.text).toContain(`Xã Thử Nghiệm B ${u}`);
      expect(res.text).toContain(titleB);
      expect(res.text).toContain('href="/xa-b/tin-tuc/tin-b"');
      expect(res.text).not.toContain(titleA);
      expect(res.text).not.toContain(`Cổng gốc ${u}</span>`);
    }
  });

  test('the root site of that host is a third site, with none of the others', async () => {
    const res = await p.get(portalHost, '/').expect(200);
    expect(res.text).toContain(`Cổng gốc ${u}`);
    expect(res.text).not.toContain(titleA);
    expect(res.text).not.toContain(titleB);
  });

  test('an item page shows the item with author and source, on its own site only', async () => {
    const res = await p.get(hostA, '/tin-tuc/tin-a').expect(200);
    expect(res.text).toContain(titleA);
    expect(res.text).toContain('Tác giả A');
    expect(res.text).toContain('Nguồn A');
    await p.get(portalHost, '/xa-b/tin-tuc/tin-a').expect(404);
    await p.get(hostA, '/tin-tuc/tin-b').expect(404);
  });

  test('the same slug on two sites gives each site its own item', async () => {
    const a = await p.get(hostA, '/tin-tuc/chung').expect(200);
    const b = await p.get(portalHost, '/xa-b/tin-tuc/chung').expect(200);
    expect(a.text).toContain(`Chung slug ở A ${u}`);
    expect(a.text).not.toContain(`Chung slug ở B ${u}`);
    expect(b.text).toContain(`Chung slug ở B ${u}`);
    expect(b.text).not.toContain(`Chung slug ở A ${u}`);
  });

  test('news list, contact page, and bad page numbers', async () => {
    const list = await p.get(hostA, '/tin-tuc').expect(200);
    expect(list.text).toContain(titleA);
    expect(list.text).not.toContain(titleB);
    const contact = await p.get(portalHost, '/xa-b/lien-he').expect(200);
    expect(contact.text).toContain(`UBND xã B ${u}`);
    const bad = await p.get(hostA, '/tin-tuc?page=abc').expect(400);
    expect(bad.text).toContain('Số trang không hợp lệ');
    expect(bad.text).toContain(`Sở Thử Nghiệm A ${u}`); // in the site's own theme
    await p.get(hostA, '/tin-tuc?page=999').expect(404);
  });

  test('English under /en, with hreflang, only where the site has English', async () => {
    const en = await p.get(hostA, '/en').expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain(`Test Department A ${u}`);
    expect(en.text).toContain(`English news of A ${u}`);
    expect(en.text).not.toContain(titleA);
    expect(en.text).toContain(`hreflang="vi" href="http://${hostA}/"`);
    expect(en.text).toContain(`hreflang="en" href="http://${hostA}/en/"`);
    await p.get(hostA, '/en/news/news-a').expect(200);
    await p.get(hostA, '/en/tin-tuc').expect(404); // Vietnamese paths are not English pages
    await p.get(portalHost, '/xa-b/en').expect(404); // B has no English
  });

  test('English pages name kinds, fields and choices in English; Vietnamese pages in Vietnamese', async () => {
    const data = {
      number: '12/QĐ-A',
      form: 'quyet-dinh',
      issuingBody: 'Department A',
      signer: 'Director',
      issuedOn: '2026-11-02',
      status: 'in_force',
    };
    await p.addItem(siteA, {
      title: `Decision on a plan ${u}`,
      slug: 'decision-a',
      locale: 'en',
      kind: 'legal_document',
      data,
    });
    await p.addItem(siteA, { title: `Quyết định kế hoạch ${u}`, slug: 'quyet-dinh-a', kind: 'legal_document', data });
    const list = await p.get(hostA, `/en/documents?v=${uid()}`).expect(200);
    expect(list.text).toContain('<h1>Legal documents</h1>');
    for (const label of [
      '>Abstract</th>',
      '>Number</th>',
      '>Issued on</th>',
      '>Status</th>',
      '>Year (issued on)</label>',
    ])
      expect(list.text).toContain(label);
    expect(list.text).toContain('>In force<');
    expect(list.text).toContain('<option value="">All</option>');
    expect(list.text).toContain('>1 item<'); // one English document: singular
    const bad = await p.get(hostA, '/en/documents?page=abc').expect(400);
    expect(bad.text).toContain('Invalid page number');
    expect((await p.get(hostA, '/van-ban?page=abc').expect(400)).text).toContain('Số trang không hợp lệ');
    expect(list.text).not.toMatch(/Văn bản|Trích yếu|Tình trạng|Còn hiệu lực|Tất cả/);
    const page = await p.get(hostA, '/en/documents/decision-a').expect(200);
    expect(page.text).toContain('<p class="item__kind">Legal documents</p>');
    expect(page.text).toContain('<dt>Form</dt><dd>Decision</dd>');
    expect(page.text).not.toMatch(/Văn bản|Hình thức|Quyết định/);
    const vi = await p.get(hostA, `/van-ban?v=${uid()}`).expect(200);
    expect(vi.text).toContain('<h1>Văn bản</h1>');
    expect(vi.text).toContain('>Trích yếu</th>');
    expect(vi.text).toContain('>Còn hiệu lực<');
  });

  test('every kind, field and choice has its English name', () => {
    for (const kind of KINDS) {
      const en = kindNames(kind, 'en');
      const vi = kindNames(kind, 'vi');
      expect(en.label).not.toBe(vi.label);
      for (const f of kind.fields) {
        expect([kind.code, f.name, en.field(f)]).not.toEqual([kind.code, f.name, vi.field(f)]);
        for (const o of f.options ?? [])
          if (o.label !== o.value.toUpperCase()) expect(en.option(f, o.value)).not.toBe(o.label);
      }
    }
  });

  test('a page that does not exist is a 404 in the site theme', async () => {
    const res = await p.get(portalHost, '/xa-b/khong-co-trang-nay').expect(404);
    expect(res.text).toContain('Không tìm thấy trang');
    expect(res.text).toContain(`Xã Thử Nghiệm B ${u}`);
    expect(res.text).not.toContain(`Sở Thử Nghiệm A ${u}`);
  });
});

describe('addresses that are not a site', () => {
  test('an alias host redirects to the primary host, keeping the path and query', async () => {
    const res = await p.get(`${aliasA}:8080`, '/tin-tuc?page=1').expect(301);
    expect(res.headers.location).toBe(`http://${hostA}:8080/tin-tuc?page=1`);
  });

  test('an unknown host gets a province-branded 404, never another site', async () => {
    const res = await p.get(`khong-co-${u}.test`, '/').expect(404);
    expect(res.text).toContain('Không tìm thấy trang thông tin');
    expect(res.text).toContain('Cổng thông tin điện tử tỉnh Tuyên Quang');
    expect(res.text).not.toContain(titleA);
    expect(res.text).not.toContain(titleB);
  });

  test.each(['127.0.0.1', '', 'tuyênquang.test', `${'x'.repeat(300)}.test`])('a bad host %p gets 404', async (host) => {
    const res = await p.get(host, '/').expect(404);
    expect(res.text).not.toContain(titleA);
  });

  test.each(['/xa-b/../', '/xa-b/%2e%2e/', '/xa-b%2f..%2f', '/xa-b/..%5c'])('traversal %s is refused', async (path) => {
    const res = await p.get(portalHost, path).expect(404);
    expect(res.text).not.toContain(titleB);
    expect(res.text).not.toContain(`Cổng gốc ${u}</span>`);
  });

  test('suspended answers 503 and archived answers 410, while other sites keep working', async () => {
    const s = await p.createSite({
      slug: `tam-${u}`,
      nameVi: `Trang tạm dừng ${u}`,
      kind: 'ward',
      theme: 'coso',
      primaryHost: portalHost,
      pathPrefix: '/tam',
    });
    const deps = { sequelize: p.sequelize, registry: p.registry, cache: p.cache, themeNames: ['tinh', 'coso'] };
    await p.get(portalHost, '/tam').expect(200);
    await setSiteStatus(deps, s.id, 'suspended');
    const suspended = await p.get(portalHost, '/tam/tin-tuc').expect(503);
    expect(suspended.text).toContain('tạm ngừng hoạt động');
    expect(suspended.text).toContain(`Trang tạm dừng ${u}`);
    expect(suspended.headers['retry-after']).toBeDefined();
    await setSiteStatus(deps, s.id, 'archived');
    const archived = await p.get(portalHost, '/tam').expect(410);
    expect(archived.text).toContain('ngừng hoạt động');
    await p.get(portalHost, '/xa-b').expect(200);
    await setSiteStatus(deps, s.id, 'active');
    await p.get(portalHost, '/tam').expect(200);
  });
});

describe('X-Forwarded-Host', () => {
  test('is ignored without TRUST_PROXY', async () => {
    const res = await p.get(`khong-co-${u}.test`, '/', { 'x-forwarded-host': hostA }).expect(404);
    expect(res.text).not.toContain(titleA);
    const forged = await p.get(portalHost, '/xa-b', { 'x-forwarded-host': hostA }).expect(200);
    expect(forged.text).toContain(titleB);
    expect(forged.text).not.toContain(titleA);
  });

  test('is honoured from a trusted proxy, with X-Forwarded-Proto in redirects', async () => {
    const trusted = await startTestPlatform({ TRUST_PROXY: 'loopback' });
    try {
      const res = await trusted.get(`khong-co-${u}.test`, '/', { 'x-forwarded-host': hostA }).expect(200);
      expect(res.text).toContain(titleA);
      const r = await trusted
        .get('x.test', '/a', { 'x-forwarded-host': aliasA, 'x-forwarded-proto': 'https' })
        .expect(301);
      expect(r.headers.location).toBe(`https://${hostA}/a`);
    } finally {
      await trusted.close();
    }
  });
});

describe('health checks answer on every host', () => {
  test.each(['/healthz', '/readyz'])('%s', async (path) => {
    for (const host of [hostA, portalHost, `khong-co-${u}.test`, '127.0.0.1']) {
      const res = await p.get(host, path).expect(200);
      expect(res.body.status).toBe('ok');
    }
    // Which backing service is down is for the monitoring only (security/http-edge.test.ts).
    const ready = await p.get(hostA, '/readyz');
    expect(ready.body).toEqual({ status: 'ok' });
  });
});

test('item pages, rendered by the front door, carry the same headers as pages Express renders', async () => {
  const names = (h: Record<string, unknown>) =>
    Object.keys(h)
      .filter(
        (n) => !['date', 'etag', 'content-length', 'x-request-id', 'x-cache', 'connection', 'keep-alive'].includes(n),
      )
      .sort();
  const item = await rawGet(p.server, portalHost, `/xa-b/tin-tuc/tin-b?lan=${uid()}`);
  const list = await rawGet(p.server, portalHost, `/xa-b/tin-tuc?lan=${uid()}`);
  expect([item.status, list.status]).toEqual([200, 200]);
  expect(item.headers['x-cache']).toBe('MISS');
  expect(names(item.headers)).toEqual(names(list.headers));
  expect(item.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  // A caller's request id is kept, as Express keeps it.
  const traced = await rawGet(p.server, portalHost, `/xa-b/tin-tuc/tin-b?lan=${uid()}`, {
    'x-request-id': 'proxy-1234567',
  });
  expect(traced.headers['x-request-id']).toBe('proxy-1234567');
  // Logged as Express's pages are: one "request completed" line with its id, address and status.
  const logged = logLines.filter((l) => l.msg === 'request completed');
  const line = logged.find((l) => (l.req as { id?: string }).id === 'proxy-1234567');
  expect(line).toMatchObject({ req: { method: 'GET', host: portalHost }, res: { statusCode: 200 } });
  expect((line!.req as { url: string }).url).toMatch(/^\/xa-b\/tin-tuc\/tin-b\?lan=/);
  expect(typeof line!.responseTime).toBe('number');
  expect(logged.some((l) => String((l.req as { url?: string }).url).startsWith('/xa-b/tin-tuc?lan='))).toBe(true);
  // A signed-in browser gets the page uncached; an item that is not there gets the themed 404.
  const staff = await rawGet(p.server, portalHost, '/xa-b/tin-tuc/tin-b', {
    cookie: await signedInCookie(p.server, portalHost, siteB.id, '/xa-b/admin'),
  });
  expect([staff.status, staff.headers['x-cache'], staff.headers['cache-control']]).toEqual([200, 'BYPASS', 'no-store']);
  expect(staff.headers.etag).toBeUndefined(); // never revalidated, so not hashed
  expect(item.headers.etag).toMatch(/^"[\w-]{27}"$/);
  const missing = await rawGet(p.server, portalHost, '/xa-b/tin-tuc/khong-co-tin-nay');
  expect(missing.status).toBe(404);
  expect(missing.body.toString()).toContain('<title>Không tìm thấy trang');
});

test('the access log never holds a sign-in token or a tracking code, on Express pages or item pages', async () => {
  const token = `tok${uid()}${uid()}`;
  await rawGet(p.server, portalHost, `/admin/sso/nhan?token=${token}&next=%2Fadmin`, { 'x-request-id': `sso-${u}` });
  await rawGet(p.server, portalHost, `/tra-cuu?ma=ABCDE-${u}`, { 'x-request-id': `lookup-${u}` });
  await rawGet(p.server, portalHost, `/xa-b/tin-tuc/tin-b?token=${token}`, { 'x-request-id': `item-${u}` });
  const urls = ['sso', 'lookup', 'item'].map(
    (k) =>
      (
        logLines.find((l) => l.msg === 'request completed' && (l.req as { id?: string }).id === `${k}-${u}`)?.req as {
          url: string;
        }
      )?.url,
  );
  expect(urls).toEqual([
    '/admin/sso/nhan?token=[redacted]&next=%2Fadmin',
    '/tra-cuu?ma=[redacted]',
    '/xa-b/tin-tuc/tin-b?token=[redacted]',
  ]);
  expect(JSON.stringify(logLines)).not.toContain(token);
});

test("item pages asked for at once are read in one query, and each gets its own site's item", async () => {
  const at = (site: Tenant, locale: 'vi' | 'en' = 'vi'): RequestContext => ({
    site: p.registry.get(site.id)!,
    locale,
    basePath: '',
    host: 'x.test',
    requestId: uid(),
    readFrom: 'primary',
  });
  // Every query takes a pooled connection: one batch, one connection.
  const queries = jest.spyOn(p.sequelize.connectionManager, 'getConnection');
  // The same slug on two sites, an English item, one that does not exist and one that is on the
  // other site only: five pages in one turn of the event loop.
  const [a, b, en, none, elsewhere] = await Promise.all([
    itemPage(at(siteA), 'chung', 'article'),
    itemPage(at(siteB), 'chung', 'article'),
    itemPage(at(siteA, 'en'), 'news-a', 'article'),
    itemPage(at(siteA), `khong-co-${u}`, 'article'),
    itemPage(at(siteA), 'tin-b', 'article'),
  ]);
  expect(queries).toHaveBeenCalledTimes(1);
  queries.mockRestore();
  expect([a?.item.title, a?.item.tenantId]).toEqual([`Chung slug ở A ${u}`, siteA.id]);
  expect([b?.item.title, b?.item.tenantId]).toEqual([`Chung slug ở B ${u}`, siteB.id]);
  expect(en?.item.title).toBe(`English news of A ${u}`);
  expect(none).toBeNull();
  expect(elsewhere).toBeNull(); // siteB's item, asked for on siteA
  // Another kind's path does not find an article either.
  expect(await itemPage(at(siteA), 'chung', 'announcement')).toBeNull();
});

describe('security headers and no inline code', () => {
  test('strict CSP without unsafe-inline, and no inline scripts or styles in pages', async () => {
    for (const [host, path] of [
      [hostA, '/'],
      [portalHost, '/xa-b/tin-tuc/tin-b'],
      [`khong-co-${u}.test`, '/'],
    ]) {
      const res = await p.get(host!, path!);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // Only JSON-LD data blocks, which never run (CSP does not apply to them) and cannot end early.
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)(?! type="application\/ld\+json">)[^>]*>/i);
      for (const [, json] of res.text.matchAll(/<script type="application\/ld\+json">([^]*?)<\/script>/g))
        expect(() => JSON.parse(json!)).not.toThrow();
      expect(res.text).not.toMatch(/<style/i);
      expect(res.text).not.toMatch(/\sstyle=/i);
      expect(res.text).not.toMatch(/\son[a-z]+=/i);
    }
  });
});

describe('theme assets', () => {
  const stylesheets = (html: string) => [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);

  test('are fingerprinted and served immutable, with compression', async () => {
    const home = await p.get(hostA, '/').expect(200);
    const urls = stylesheets(home.text);
    expect(urls.length).toBe(3);
    for (const url of urls) {
      expect(url).toMatch(/^\/_assets\/[a-z0-9-]+\/(\d+\/)?[0-9a-f]{12}[/.]/);
      const res = await rawGet(p.server, hostA, url, { 'accept-encoding': 'gzip' });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      const css = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(res.body) : res.body;
      expect(css.length).toBeGreaterThan(10);
    }
  });

  test("each site's colours are in its own stylesheet", async () => {
    const styleOf = async (host: string, path: string) => {
      const url = stylesheets((await p.get(host, path)).text).find((s) => s.startsWith('/_assets/site/'))!;
      return (await p.get(host, url).expect(200)).text;
    };
    const a = await styleOf(hostA, '/');
    const b = await styleOf(portalHost, '/xa-b');
    expect(a).toContain('--color-primary:#123456');
    expect(b).toContain('--color-primary:#654321');
    expect(a).not.toContain('#654321');
  });

  test.each([
    '/_assets/tinh/000000000000/css/base.css',
    '/_assets/tinh/x/../theme.json',
    '/_assets/tinh/theme.json',
    '/_assets/tinh/000000000000/templates/home.hbs',
    '/_assets/coso/000000000000/../../tinh/layouts/default.hbs',
    '/themes/tinh/templates/home.hbs',
    '/themes/tinh/theme.json',
    '/_assets/site/999999/000000000000.css',
  ])('%s is not served', async (path) => {
    const res = await p.get(hostA, path);
    expect([404]).toContain(res.status);
    expect(res.text).not.toContain('{{');
  });
});

describe('page cache', () => {
  test('a second anonymous GET is a hit with the same bytes; ETag gives 304', async () => {
    const first = await rawGet(p.server, hostA, '/en/contact');
    const second = await rawGet(p.server, hostA, '/en/contact');
    expect(first.headers['x-cache']).toBe('MISS');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    expect(second.headers.etag).toBe(first.headers.etag);
    const notModified = await rawGet(p.server, hostA, '/en/contact', { 'if-none-match': first.headers.etag! });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
  });

  test('serves brotli and gzip copies of the same page', async () => {
    const plain = await rawGet(p.server, portalHost, '/xa-b');
    const br = await rawGet(p.server, portalHost, '/xa-b', { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await rawGet(p.server, portalHost, '/xa-b', { 'accept-encoding': 'gzip' });
    const none = await rawGet(p.server, portalHost, '/xa-b', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.headers.vary).toBe('Accept-Encoding');
    // Each encoding is made by the first hit that asks for it, then kept.
    expect(br.headers['x-cache']).toBe('HIT');
    const again = await rawGet(p.server, portalHost, '/xa-b', { 'accept-encoding': 'br' });
    expect(again.headers['x-cache']).toBe('HIT');
    expect(again.body.equals(br.body)).toBe(true);
    expect(again.headers.etag).toBe(plain.headers.etag);
  });

  test('keys by site: two sites at the same path never share a cached page', async () => {
    for (let i = 0; i < 2; i++) {
      const a = await p.get(hostA, '/tin-tuc/chung').expect(200);
      const b = await p.get(portalHost, '/xa-b/tin-tuc/chung').expect(200);
      expect(a.text).not.toContain(`Chung slug ở B ${u}`);
      expect(b.text).not.toContain(`Chung slug ở A ${u}`);
    }
  });

  test("a change to a site starts a new version: its pages are rendered again, the other site's stay cached", async () => {
    await p.get(hostA, '/').expect(200);
    await p.get(portalHost, '/xa-b').expect(200);
    expect((await p.get(hostA, '/')).headers['x-cache']).toBe('HIT');
    const fresh = `Tin mới của A ${uid()}`;
    await p.addItem(siteA, { title: fresh, slug: `moi-${uid()}` });
    const after = await p.get(hostA, '/');
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.text).toContain(fresh);
    expect((await p.get(portalHost, '/xa-b')).headers['x-cache']).toBe('HIT');
  });

  test('tracking parameters share the cached page; requests with a session bypass the cache', async () => {
    await p.get(hostA, '/lien-he').expect(200);
    expect((await p.get(hostA, '/lien-he?utm_source=zalo')).headers['x-cache']).toBe('HIT');
    const withSession = await p.get(hostA, '/lien-he', { cookie: await signedInCookie(p.server, hostA, siteA.id) });
    expect(withSession.headers['x-cache']).toBe('BYPASS');
  });

  test('a copy made for one origin (scheme, host, port) is never served on another', async () => {
    const canonical = (html: string) => /<link rel="canonical" href="([^"]+)">/.exec(html)?.[1];
    // As the loopback self-check asks: the same site, without the port the visitors use.
    const q = `?origin=${uid()}`;
    const withPort = await rawGet(p.server, `${hostA}:8080`, `/${q}`);
    expect([withPort.status, withPort.headers['x-cache']]).toEqual([200, 'MISS']);
    expect(canonical(withPort.body.toString())).toBe(`http://${hostA}:8080/${q.replace(/\?.*/, '')}`);
    const plain = await rawGet(p.server, hostA, `/${q}`);
    expect(plain.headers['x-cache']).toBe('MISS');
    expect(canonical(plain.body.toString())).toBe(`http://${hostA}/`);
    const again = await rawGet(p.server, `${hostA}:8080`, `/${q}`);
    expect([again.headers['x-cache'], canonical(again.body.toString())]).toEqual(['HIT', `http://${hostA}:8080/`]);
  });

  test('errors are not cached', async () => {
    await p.get(hostA, '/khong-co').expect(404);
    const again = await p.get(hostA, '/khong-co').expect(404);
    expect(again.headers['x-cache']).toBe('BYPASS');
  });

  test('HEAD of a cached page has the headers and no body', async () => {
    await p.get(hostA, '/').expect(200);
    const res = await rawGet(p.server, hostA, '/', {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['x-cache']).toBe('HIT');
    expect(res.headers.etag).toBeTruthy();
    expect(res.body.length).toBe(0);
  });
});

test('the root site of a host is not reachable through its sub-site by prefix confusion', async () => {
  const res = await p.get(portalHost, '/xa-b-khac').expect(404);
  expect(res.text).toContain(`Cổng gốc ${u}`); // the root site's own 404, not B
  expect(res.text).not.toContain(titleB);
  void root;
});

test('every response carries a request id: a well-formed one given by the client is kept, others are replaced', async () => {
  const given = 'req-0123456789abcdef';
  const miss = await p.get(hostA, `/tin-tuc?page=1&r=${uid()}`, { 'x-request-id': given });
  expect(miss.headers['x-request-id']).toBe(given);
  const hit = await p.get(hostA, '/');
  expect(hit.headers['x-cache']).toBe('HIT');
  expect(hit.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  const bad = await p.get(hostA, `/khong-co-${uid()}`, { 'x-request-id': '<script>' });
  expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('addresses that are no site get the same prepared 404, per scheme and port, at the cost of a cache hit', async () => {
  const first = await rawGet(p.server, `khong-co-${uid()}.test`, '/');
  const second = await rawGet(p.server, `khac-${uid()}.test`, '/bat-ky');
  const ip = await rawGet(p.server, '10.1.2.3', '/');
  expect([first.status, second.status, ip.status]).toEqual([404, 404, 404]);
  expect(second.headers['x-cache']).toBe('HIT');
  expect(ip.headers['x-cache']).toBe('HIT');
  expect(second.body.equals(first.body)).toBe(true);
  expect(second.headers['content-security-policy']).toContain("script-src 'self'");
  expect(second.headers['cache-control']).toBe('no-store');
  expect(second.body.toString()).toContain('Không tìm thấy trang thông tin');
  expect(second.body.toString()).not.toContain(titleA);
  // Another port gets its own page (the link to the portal carries the port).
  const otherPort = await rawGet(p.server, `khong-co-${uid()}.test:8080`, '/');
  expect(otherPort.headers['x-cache']).toBe('MISS');
  expect(otherPort.body.toString()).toContain(':8080/');
});
