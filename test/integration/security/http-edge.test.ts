// Security review of 2026-12 (issue 15), the HTTP edge: requests whose host is ambiguous, the
// page cache and junk session cookies, image work that could starve page serving, malformed
// multipart bodies, cross-site posts to the back office, and what /metrics and /readyz tell whom.
import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import supertest from 'supertest';
import { createPlacement } from '../../../server/ads/ads.service';
import { loadConfig } from '../../../server/config';
import { LocalFileStore } from '../../../server/media/file-store';
import { IMAGE_QUEUE_FULL, ImageJobs, imageJobs } from '../../../server/media/image-jobs';
import { Item } from '../../../server/content/item.model';
import { Media } from '../../../server/media/media.model';
import { uploadMedia } from '../../../server/media/media.service';
import { PROBE_TTL_MS } from '../../../server/auth/session-probe';
import type { Site } from '../../../tenants/tenant.types';
import { Browser } from '../../support/browser';
import { DEMO_PASSWORD } from '../../support/global-setup';
import {
  actingAs,
  personWithRole,
  rawGet,
  startTestPlatform,
  uid,
  type TestPlatform,
} from '../../support/test-platform';
import { AppError } from '../../../server/core/errors';

let p: TestPlatform;
const u = uid();
let A: Site;
let B: Site;
const HA = `edge-a-${u}.test`;
const HB = `edge-b-${u}.test`;
const PASSWORD = 'Mat-khau-rat-dai-2026';
const D = 'tuyenquang.localhost';

/** A person with a password and one role on a site, signed in on that site's host. */
async function staffOn(site: Site, host: string, role: 'editor' | 'site_admin' = 'editor') {
  const { person } = await personWithRole(role, site.id, { password: PASSWORD });
  const browser = new Browser(p.server);
  expect((await browser.signIn(host, person.email, PASSWORD)).status).toBe(303);
  return { person, browser };
}

beforeAll(async () => {
  p = await startTestPlatform();
  A = await p.newSite({ slug: `edge-a-${u}`, nameVi: `Sở Biên A ${u}`, kind: 'department', theme: 'tinh' });
  B = await p.newSite({ slug: `edge-b-${u}`, nameVi: `Sở Biên B ${u}`, kind: 'department', theme: 'tinh' });
  await p.addItem(A as never, { kind: 'article', slug: `tin-a-${u}`, title: `Tin của A ${u}` });
  await p.addItem(B as never, { kind: 'article', slug: `tin-b-${u}`, title: `Tin của B ${u}` });
});
afterAll(() => p.close());

/** Sends raw bytes on a new connection and returns everything the server answers until it closes. */
function rawRequest(bytes: string | Buffer): Promise<string> {
  const { port } = p.server.address() as net.AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.on('data', (c: Buffer) => (received += c.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.setTimeout(5_000, () => socket.destroy());
  });
}
const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3}) /.exec(raw)?.[1]);

// --- Duplicate Host (RFC 9112 §3.2) ---

describe('a request whose host is ambiguous', () => {
  test('two Host headers get a 400 before the page cache, the site or the back office read either', async () => {
    // A's page is in the page cache: the front door would answer it without Express.
    const path = `/tin-tuc/tin-a-${u}`;
    await p.get(HA, path).expect(200);
    expect((await p.get(HA, path)).headers['x-cache']).toBe('HIT');
    for (const [method, target, hosts] of [
      ['GET', path, [HA, HB]],
      ['GET', path, [HB, HA]],
      ['GET', '/', [HA, HA]], // even the same host twice
      ['HEAD', path, [HA, HB]],
      ['GET', '/admin/dang-nhap', [HA, HB]],
      ['POST', '/admin/dang-nhap', [HA, HB]],
      ['GET', '/readyz', [HA, HB]],
    ] as const) {
      const head = hosts.map((h, i) => `${i ? 'host' : 'Host'}: ${h}\r\n`).join('');
      const raw = await rawRequest(
        `${method} ${target} HTTP/1.1\r\n${head}Content-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      expect([method, target, hosts, statusOf(raw)]).toEqual([method, target, hosts, 400]);
      if (method !== 'HEAD') expect(raw).toContain('nhiều hơn một tiêu đề Host');
      expect(raw).not.toContain(`Tin của A ${u}`);
      expect(raw).not.toContain(`Tin của B ${u}`);
    }
  });

  test('an absolute-form target naming another host gets a 400; the same request in origin form is served', async () => {
    const raw = await rawRequest(
      `GET http://${HB}/tin-tuc/tin-b-${u} HTTP/1.1\r\nHost: ${HA}\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(raw)).toBe(400);
    expect(raw).not.toContain(`Tin của B ${u}`);
    const ok = await rawRequest(`GET /tin-tuc/tin-b-${u} HTTP/1.1\r\nHost: ${HB}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(ok)).toBe(200);
    expect(ok).toContain(`Tin của B ${u}`);
  });
});

// --- Session cookies and the page cache ---

describe('the page cache and session cookies', () => {
  test('a made-up, forged, signed-out or never-signed-in session cookie is served from the cache; a signed-in one bypasses it', async () => {
    const { browser: staff } = await staffOn(A, HA);
    const real = staff.sessionId(HA)!; // s%3A<id>.<signature>, as express-session sets it
    expect(decodeURIComponent(real)).toMatch(/^s:[^.]+\..+$/);
    const id = decodeURIComponent(real).slice(2, decodeURIComponent(real).lastIndexOf('.'));
    const otherSecret = crypto.createHmac('sha256', 'x'.repeat(40)).update(id).digest('base64').replace(/=+$/, '');
    // A visitor of the sign-in form has a real session, in which nobody has signed in.
    const visitor = new Browser(p.server);
    expect((await visitor.get(HA, '/admin/dang-nhap')).status).toBe(200);
    expect(visitor.sessionId(HA)).toBeDefined();
    const junk = [
      'abc',
      's%3Aabc',
      `s%3A${uid()}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      `s%3A${id}.${otherSecret}`, // the real id, signed with another secret
      real.slice(0, -2) + (real.endsWith('AA') ? 'BB' : 'AA'), // the real cookie, signature altered
      visitor.sessionId(HA)!,
    ];
    for (const [host, path, title] of [
      [HA, `/tin-tuc/tin-a-${u}`, `Tin của A ${u}`],
      [HB, `/tin-tuc/tin-b-${u}`, `Tin của B ${u}`],
    ] as const) {
      await p.get(host, path).expect(200); // fills the cache
      for (const value of junk) {
        const res = await rawGet(p.server, host, path, { cookie: `theme=x; cong.sid=${value}` });
        expect([host, value, res.status, res.headers['x-cache']]).toEqual([host, value, 200, 'HIT']);
        expect(res.body.toString()).toContain(title);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    }
    // Signed in, the page is rendered for the person, never from the cache, on their own site.
    const signedIn = await rawGet(p.server, HA, `/tin-tuc/tin-a-${u}`, { cookie: staff.cookie(HA) });
    expect([signedIn.status, signedIn.headers['x-cache'], signedIn.headers['cache-control']]).toEqual([
      200,
      'BYPASS',
      'no-store',
    ]);
    // Signed out, the same cookie names nobody: after the probe's moment, the cache answers again.
    const signOut = await staff.submit(HA, '/admin', '/admin/dang-xuat', {});
    expect(signOut.status).toBe(303);
    await new Promise((r) => setTimeout(r, PROBE_TTL_MS + 100));
    const after = await rawGet(p.server, HA, `/tin-tuc/tin-a-${u}`, { cookie: `cong.sid=${real}` });
    expect([after.status, after.headers['x-cache']]).toEqual([200, 'HIT']);
  });

  test('a page first rendered for a junk cookie is stored and served to everyone, with nothing of a session in it', async () => {
    const path = `/tin-tuc?junk=${uid()}`;
    const first = await rawGet(p.server, HB, path, { cookie: `cong.sid=s%3A${uid()}.junk` });
    expect([first.status, first.headers['x-cache'], first.headers['set-cookie']]).toEqual([200, 'MISS', undefined]);
    const second = await supertest(p.server).get(path).set({ host: HB });
    expect([second.status, second.headers['x-cache']]).toEqual([200, 'HIT']);
    expect(second.text).not.toContain('/admin/dang-xuat');
  });
});

// --- Image jobs: a small pool, so that uploads cannot take every core from the pages ---

describe('image jobs', () => {
  /** A pool whose every start is recorded: how many jobs ran, and the most at once. */
  const recorded = (limit: number) => {
    const seen = { starts: 0, most: 0 };
    const pool = new ImageJobs(limit, 16 * limit, (active) => {
      seen.starts++;
      seen.most = Math.max(seen.most, active);
    });
    return { pool, seen };
  };
  const png = (w: number, h: number, colour: string) =>
    sharp({ create: { width: w, height: h, channels: 3, background: colour } })
      .png()
      .toBuffer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-edge-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the pool runs at most its limit at once, the others in order, and refuses past its queue', async () => {
    const seen: number[] = [];
    const pool = new ImageJobs(2, 3, (active) => seen.push(active));
    const gates: (() => void)[] = [];
    const order: number[] = [];
    const job = (n: number) => () => new Promise<number>((resolve) => gates.push(() => (order.push(n), resolve(n))));
    const runs = [1, 2, 3, 4, 5].map((n) => pool.run(job(n)));
    await new Promise((r) => setImmediate(r));
    expect([pool.running, pool.queued, gates.length]).toEqual([2, 3, 2]);
    // A sixth job finds the queue full: a 503 in Vietnamese, not a wait without end.
    const refused = await pool.run(job(6)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect([(refused as AppError).status, (refused as AppError).message]).toEqual([503, IMAGE_QUEUE_FULL]);
    // Each job that ends lets exactly one waiting job start.
    for (let i = 0; i < 5; i++) {
      gates[i]!();
      await new Promise((r) => setImmediate(r));
      expect(pool.running).toBe(Math.min(2, 4 - i));
    }
    expect(await Promise.all(runs)).toEqual([1, 2, 3, 4, 5]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(...seen)).toBe(2);
    expect([pool.running, pool.queued]).toEqual([0, 0]);
    // A job that fails frees its place too.
    await expect(pool.run(() => Promise.reject(new Error('hỏng')))).rejects.toThrow('hỏng');
    expect(pool.running).toBe(0);
  });

  test("uploads to two sites at once, the media library's and the ad banners', never decode more images at once than the limit", async () => {
    const store = new LocalFileStore(path.join(dir, 'media'));
    const editorA = await actingAs('editor', A.id);
    const editorB = await actingAs('editor', B.id);
    const { pool, seen } = recorded(2);
    const images = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => png(900 + i, 700, i % 2 ? '#204060' : '#a3161a')));
    const media = await Promise.all(
      images.map((bytes, i) =>
        uploadMedia(
          { sequelize: p.sequelize, store, images: pool },
          i % 2 ? editorB : editorA,
          i % 2 ? B.id : A.id,
          { bytes, name: `anh-${i}.png` },
          `Ảnh thử ${i}`,
        ),
      ),
    );
    expect(media.map((m) => m.tenantId)).toEqual([A.id, B.id, A.id, B.id, A.id, B.id]);
    expect(await Media.count({ where: { id: media.map((m) => m.id) } })).toBe(6);
    expect(seen).toEqual({ starts: 6, most: 2 }); // every image went through the pool, two at a time

    const banners = recorded(1);
    const operator = await actingAs('operator');
    const adDeps = {
      sequelize: p.sequelize,
      cache: p.cache,
      store,
      portalId: () => p.registry.portal()!.id,
      allSiteIds: () => [A.id, B.id],
      images: banners.pool,
    };
    await Promise.all(
      [0, 1, 2].map(async (i) =>
        createPlacement(
          adDeps,
          operator,
          {
            slot: 'sidebar',
            advertiser: `Đơn vị ${u}`,
            title: `Quảng cáo thử ${i}`,
            linkUrl: 'https://vi.wikipedia.org/',
            startsOn: '2026-12-01',
            endsOn: '2026-12-31',
            siteIds: [String(A.id)],
          },
          { bytes: await png(600, 200, '#336699'), name: `qc-${i}.png` },
        ),
      ),
    );
    expect(banners.seen).toEqual({ starts: 3, most: 1 });
  });

  test('IMAGE_JOBS sets the pool the platform uses (1 by default, 1 to 16)', async () => {
    expect(loadConfig({}).imageJobs).toBe(1);
    expect(loadConfig({ IMAGE_JOBS: '3' }).imageJobs).toBe(3);
    for (const bad of ['0', '17', '1.5', 'hai']) expect(() => loadConfig({ IMAGE_JOBS: bad })).toThrow(/IMAGE_JOBS/);
    const two = await startTestPlatform({ IMAGE_JOBS: '2' });
    try {
      expect(imageJobs().limit).toBe(2);
    } finally {
      await two.close();
    }
  });
});

// --- Malformed multipart bodies ---

describe('a multipart body with a NUL byte in a part header', () => {
  const BOUNDARY = '----canh-bien-7d1';
  /** A multipart body with the given part headers (raw, NUL bytes and all) around a small file. */
  const body = (fields: Record<string, string>, partHead: string) =>
    Buffer.concat([
      ...Object.entries(fields).map(([k, v]) =>
        Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
      ),
      Buffer.from(`--${BOUNDARY}\r\n${partHead}\r\n\r\n`),
      Buffer.from('%PDF-1.4\n%%EOF\n'),
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]);
  const NUL_HEADS = [
    'Content-Disposition: form-data; name="FIELD"; filename="a\u0000.pdf"\r\nContent-Type: application/pdf',
    'Content-Disposition: form-data; name="FIELD\u0000"; filename="a.pdf"\r\nContent-Type: application/pdf',
    'Content-Disposition: form-data; name="FIELD"; filename="a.pdf"\r\nContent-Type: application/pdf\u0000',
    'Content-Dispo\u0000sition: form-data; name="FIELD"; filename="a.pdf"',
  ];
  const post = (host: string, path: string, bytes: Buffer, headers: Record<string, string> = {}) =>
    supertest(p.server)
      .post(path)
      .set({ host, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers })
      .send(bytes)
      .redirects(0);

  test('the media library and the ad banners answer 400 with a message, never a 500, and store nothing', async () => {
    const { browser } = await staffOn(A, HA);
    const operator = new Browser(p.server);
    expect((await operator.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD)).status).toBe(303);
    const ads = async () =>
      Number(
        (await p.sequelize.query<{ n: string }>('SELECT count(*) AS n FROM ad_placements', {
          type: QueryTypes.SELECT,
          plain: true,
        }))!.n,
      );
    const before = [await Media.count({ where: { tenantId: A.id } }), await ads()];
    for (const [who, host, path, field] of [
      [browser, HA, '/admin/tep', 'file'],
      [operator, D, '/admin/quang-cao', 'image'],
    ] as const)
      for (const head of NUL_HEADS) {
        const _csrf = await who.csrf(host, path);
        const res = await post(host, path, body({ _csrf }, head.replace('FIELD', field)), { cookie: who.cookie(host) });
        expect([path, head, res.status]).toEqual([path, head, 400]);
        expect(res.text).toContain('Biểu mẫu gửi lên không hợp lệ');
      }
    expect([await Media.count({ where: { tenantId: A.id } }), await ads()]).toEqual(before);
  });

  test("a citizen's form answers 400 with a message, never a 500", async () => {
    for (const host of [HA, HB])
      for (const head of NUL_HEADS) {
        const res = await post(host, '/hoi-dap/gui', body({ senderName: 'An' }, head.replace('FIELD', 'attachment')));
        expect([host, head, res.status]).toEqual([host, head, 400]);
        expect(res.text).toContain('Biểu mẫu gửi lên không hợp lệ');
      }
  });
});

// --- Cross-site posts to the back office ---

describe('a state-changing back-office request from another origin', () => {
  test('is refused 403 with a valid token when Origin is another site or Sec-Fetch-Site is cross-site or same-site; nothing changes', async () => {
    const { browser } = await staffOn(A, HA);
    const ask = async (headers: Record<string, string>, title: string) => {
      const _csrf = await browser.csrf(HA, '/admin/tin-bai/moi?loai=article');
      return supertest(p.server)
        .post('/admin/tin-bai/moi?loai=article')
        .set({ host: HA, cookie: browser.cookie(HA), ...headers })
        .type('form')
        .send({
          _csrf,
          title,
          summary: 'Tóm tắt tin thử.',
          body: '<p>Nội dung.</p>',
          author: 'Phóng viên',
          source: '',
          deadlineClass: 'news',
        })
        .redirects(0);
    };
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: `http://${HB}` }, // another site of the platform
      { origin: `http://${HA}.evil.example` },
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, // the Origin counts too
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' }, // another host of the same domain: another site
      { origin: `http://${HA}`, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of refused) {
      const title = `Tin từ trang khác ${uid()}`;
      const res = await ask(headers, title);
      expect([headers, res.status]).toEqual([headers, 403]);
      expect(res.text).toContain('Yêu cầu từ trang khác bị từ chối');
      expect(await Item.count({ where: { title } })).toBe(0);
    }
    // From the back office's own page: taken, as without the headers (older browsers send neither).
    for (const headers of [{ origin: `http://${HA}`, 'sec-fetch-site': 'same-origin' }, {}] as Record<
      string,
      string
    >[]) {
      const title = `Tin cùng trang ${uid()}`;
      const res = await ask(headers, title);
      expect([headers, res.status]).toEqual([headers, 303]);
      expect(await Item.count({ where: { title, tenantId: A.id } })).toBe(1);
    }
  });

  test('sign-in, uploads and sign-out are refused from another site as well; the hand-over between hosts still signs in', async () => {
    const { person } = await personWithRole('editor', A.id, { password: PASSWORD });
    // Sign-in from another site's page (login CSRF), even with the form's token.
    const victim = new Browser(p.server);
    const _csrf = await victim.csrf(HA, '/admin/dang-nhap');
    const signIn = await supertest(p.server)
      .post('/admin/dang-nhap')
      .set({ host: HA, cookie: victim.cookie(HA), origin: 'https://evil.example' })
      .type('form')
      .send({ _csrf, email: person.email, password: PASSWORD, next: '' })
      .redirects(0);
    expect(signIn.status).toBe(403);
    expect((await victim.get(HA, '/admin')).status).toBe(303); // still signed out
    // An upload from another site, with its token.
    const staff = new Browser(p.server);
    expect((await staff.signIn(HA, person.email, PASSWORD)).status).toBe(303);
    const uploadToken = await staff.csrf(HA, '/admin/tep');
    const upload = await supertest(p.server)
      .post('/admin/tep')
      .set({ host: HA, cookie: staff.cookie(HA), 'sec-fetch-site': 'cross-site' })
      .field('_csrf', uploadToken)
      .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf')
      .redirects(0);
    expect(upload.status).toBe(403);
    // Signing out from another site's page does not sign out.
    const outToken = await staff.csrf(HA, '/admin');
    const out = await supertest(p.server)
      .post('/admin/dang-xuat')
      .set({ host: HA, cookie: staff.cookie(HA), origin: 'https://evil.example' })
      .type('form')
      .send({ _csrf: outToken })
      .redirects(0);
    expect(out.status).toBe(403);
    expect((await staff.get(HA, '/admin')).status).toBe(200);

    // The hand-over: signed in on the portal, the person lands signed in on their site's host.
    const portal = new Browser(p.server);
    expect((await portal.signIn(D, person.email, PASSWORD)).status).toBe(303);
    // As a browser does it: the site's back office sends it to the portal, which sends it back
    // with the token (the hand-over is bound to that browser: issue 15.3).
    const toPortal = new URL((await portal.get(HA, '/admin')).headers.location as string);
    expect(toPortal.host).toBe(D);
    const handOver = await portal.get(D, toPortal.pathname + toPortal.search);
    expect(handOver.status).toBe(303);
    const to = new URL(handOver.headers.location as string);
    expect(to.host).toBe(HA);
    const landed = await portal.get(HA, to.pathname + to.search);
    expect(landed.status).toBe(303);
    expect((await portal.get(HA, '/admin')).status).toBe(200);
  });
});

// --- What /metrics and /readyz tell whom ---

describe('/metrics and /readyz', () => {
  const TOKEN = `token-${u}-0123456789abcdefghij`;
  // p has no monitoring settings; these connect from 127.0.0.1.
  let withToken: TestPlatform;
  let loopback: TestPlatform;
  let elsewhere: TestPlatform;
  beforeAll(async () => {
    withToken = await startTestPlatform({ METRICS_TOKEN: TOKEN });
    loopback = await startTestPlatform({ METRICS_ALLOW: '127.0.0.1,::1' });
    elsewhere = await startTestPlatform({ METRICS_ALLOW: '10.0.0.0/8', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await withToken?.close();
    await loopback?.close();
    await elsewhere?.close();
  });
  const ask = (path: string, server: TestPlatform['server'], headers: Record<string, string> = {}) =>
    supertest(server)
      .get(path)
      .set({ host: D, ...headers });
  const bearer = { authorization: `Bearer ${TOKEN}` };

  test('with neither METRICS_TOKEN nor METRICS_ALLOW, /metrics is closed, even to loopback', async () => {
    for (const headers of [{}, { authorization: 'Bearer ' }, bearer] as Record<string, string>[]) {
      const res = await ask('/metrics', p.server, headers);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('cong_');
    }
  });

  test('METRICS_TOKEN opens /metrics to the token only', async () => {
    expect((await ask('/metrics', withToken.server)).status).toBe(403);
    expect((await ask('/metrics', withToken.server, { authorization: `Bearer ${TOKEN}x` })).status).toBe(403);
    expect((await ask('/metrics', withToken.server, { authorization: TOKEN })).status).toBe(403);
    const ok = await ask('/metrics', withToken.server, bearer);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('cong_http_requests_total');
  });

  test('METRICS_ALLOW opens /metrics to its addresses only, by the connecting address, not X-Forwarded-For', async () => {
    const ok = await ask('/metrics', loopback.server);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('cong_db_pool_size');
    // From 127.0.0.1, which 10.0.0.0/8 does not hold, whatever the forwarded address says.
    for (const headers of [{}, { 'x-forwarded-for': '10.1.2.3' }] as Record<string, string>[])
      expect((await ask('/metrics', elsewhere.server, headers)).status).toBe(403);
  });

  test("/readyz answers its status to everyone, on every host; the database's and the cache's state only to the token or the allow-list", async () => {
    const DETAILS = { status: 'ok', database: 'ok', cache: 'ok' };
    for (const host of [D, HA, HB]) {
      const ready = await ask('/readyz', p.server, { host, authorization: `Bearer ${TOKEN}` });
      expect([ready.status, ready.body]).toEqual([200, { status: 'ok' }]); // p has neither setting
    }
    expect((await ask('/readyz', withToken.server)).body).toEqual({ status: 'ok' });
    expect((await ask('/readyz', withToken.server, bearer)).body).toEqual(DETAILS);
    expect((await ask('/readyz', loopback.server)).body).toEqual(DETAILS);
    for (const headers of [{}, { 'x-forwarded-for': '10.1.2.3' }] as Record<string, string>[])
      expect((await ask('/readyz', elsewhere.server, headers)).body).toEqual({ status: 'ok' });
  });

  test('/readyz of an instance whose cache is down is a 503 that says only "unavailable" to the public', async () => {
    const broken = await startTestPlatform({ METRICS_TOKEN: TOKEN });
    try {
      broken.cache.ping = () => Promise.reject(new Error('cache down'));
      const res = await ask('/readyz', broken.server);
      expect([res.status, res.body]).toEqual([503, { status: 'unavailable' }]);
      const detailed = await ask('/readyz', broken.server, bearer);
      expect([detailed.status, detailed.body]).toEqual([
        503,
        { status: 'unavailable', database: 'ok', cache: 'unreachable' },
      ]);
    } finally {
      await broken.close();
    }
  });
});
