// Security review of 2026-12 (issue 15), the public web side: the page cache's key and the pages
// read the query string the same way; every next/back/return address stays on the site; the
// citizens' challenge takes one answer per token; names and subjects lose bidirectional and
// invisible characters; uploaded PDFs are downloaded, never shown inline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attachmentDisposition } from '../../../server/text/content-disposition';
import { parseQuery, queryKey } from '../../../server/core/query';
import { Media } from '../../../server/media/media.model';
import { uploadMedia } from '../../../server/media/media.service';
import { LocalFileStore } from '../../../server/media/file-store';
import { FormGuard } from '../../../server/participation/form-guard';
import { newTrackingCode } from '../../../server/participation/participation.service';
import { Participation, Rating } from '../../../server/participation/participation.model';
import { DEMO_TOTP_SECRET } from '../../../server/seed/demo-accounts';
import { showInvisible, stripInvisible } from '../../../server/text/invisible';
import { isLocalPath, safeLocalPath } from '../../../server/text/local-path';
import type { Site } from '../../../tenants/tenant.types';
import { Browser, locationOf } from '../../support/browser';
import {
  actingAs,
  personWithRole,
  rawGet,
  startTestPlatform,
  uid,
  type TestPlatform,
} from '../../support/test-platform';

let p: TestPlatform;
const u = uid();
let A: Site;
let B: Site;
const HA = `fc-a-${u}.test`;
const HB = `fc-b-${u}.test`;

const legalDoc = (slug: string, title: string, status: string) => ({
  kind: 'legal_document',
  slug,
  title,
  data: { number: '1/QĐ', form: 'quyet-dinh', issuingBody: 'UBND', issuedOn: '2026-01-01', status },
});

const PASSWORD = 'Mat-khau-rat-dai-2026';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-sec-web-'));
const rnd = () => Math.floor(Math.random() * 250) + 1;
/** A visitor of their own (behind the trusted proxy), so that per-IP limits of one test leave the others alone. */
const visitor = () => new Browser(p.server, { 'x-forwarded-for': `10.${rnd()}.${rnd()}.${rnd()}` });

beforeAll(async () => {
  p = await startTestPlatform({ TRUST_PROXY: 'loopback', DATA_DIR: dir });
  A = await p.newSite({ slug: `fc-a-${u}`, nameVi: `Xã Biểu Mẫu A ${u}`, kind: 'commune' });
  B = await p.newSite({ slug: `fc-b-${u}`, nameVi: `Xã Biểu Mẫu B ${u}`, kind: 'commune' });
  for (const [site, tag] of [
    [A, 'a'],
    [B, 'b'],
  ] as const) {
    await p.addItem(site as never, legalDoc(`con-${tag}-${u}`, `Văn bản còn hiệu lực ${tag} ${u}`, 'in_force'));
    await p.addItem(site as never, legalDoc(`het-${tag}-${u}`, `Văn bản hết hiệu lực ${tag} ${u}`, 'expired'));
  }
});
afterAll(async () => {
  await p.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('page cache and query (7)', () => {
  const text = async (host: string, path: string) => {
    const r = await rawGet(p.server, host, path);
    expect(r.status).toBe(200);
    return { body: r.body.toString('utf8'), cache: r.headers['x-cache'] };
  };

  test('a repeated parameter in either order gives the page of its own first value, cached or not', async () => {
    for (const [host, tag, other] of [
      [HA, 'a', 'b'],
      [HB, 'b', 'a'],
    ] as const) {
      const inForce = `Văn bản còn hiệu lực ${tag} ${u}`;
      const expired = `Văn bản hết hiệu lực ${tag} ${u}`;
      const first = await text(host, '/van-ban?status=in_force&status=expired');
      expect(first.body).toContain(inForce);
      expect(first.body).not.toContain(expired);
      // The other order is another page: never the first one's cached copy.
      const second = await text(host, '/van-ban?status=expired&status=in_force');
      expect(second.body).toContain(expired);
      expect(second.body).not.toContain(inForce);
      // Served again from the cache, each stays its own page.
      for (const [path, shown, hidden] of [
        ['/van-ban?status=in_force&status=expired', inForce, expired],
        ['/van-ban?status=expired&status=in_force', expired, inForce],
        ['/van-ban?status=in_force', inForce, expired],
      ]) {
        const again = await text(host, path);
        expect(again.cache).toBe('HIT');
        expect(again.body).toContain(shown);
        expect(again.body).not.toContain(hidden);
      }
      // Never the other site's documents.
      expect(first.body).not.toContain(`hiệu lực ${other} ${u}`);
      expect(second.body).not.toContain(`hiệu lực ${other} ${u}`);
    }
  });

  test('the one reading: first value wins, the key is what the pages read, odd names are only names', () => {
    expect(parseQuery('?status=in_force&status=expired')).toEqual({ status: 'in_force' });
    expect(queryKey('?status=expired&status=in_force&form=a')).toBe('?form=a&status=expired');
    expect(queryKey('?status=in_force&utm_source=x')).toBe(queryKey('?status=in_force&status=expired'));
    const odd = parseQuery('__proto__=x&constructor=y&a[b]=1&q=a+b%20c');
    expect(Object.getPrototypeOf(odd)).toBeNull();
    expect(Object.entries(odd)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['a[b]', '1'],
      ['q', 'a b c'],
    ]);
  });

  test('spellings the page reads alike share an entry; tracking parameters are not part of it', async () => {
    await text(HA, '/van-ban?form=quyet-dinh&status=expired');
    for (const path of [
      '/van-ban?status=expired&form=quyet-dinh',
      '/van-ban?status=expired&utm_source=zalo&form=quyet-dinh',
      '/van-ban?status=%65xpired&form=quyet-dinh&form=ke-hoach',
    ]) {
      const r = await text(HA, path);
      expect(r.cache).toBe('HIT');
      expect(r.body).toContain(`Văn bản hết hiệu lực a ${u}`);
    }
  });
});

describe('every next, back and return address stays on the site (safeLocalPath)', () => {
  // Read by a browser (or a proxy that decodes escapes first), each of these leaves the host or
  // is no path at all.
  const OFF_SITE = [
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%255Cevil.example',
    '/%2F%2Fevil.example',
    '/%2Fevil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/%09/evil.example',
    '/%0a/evil.example',
    ' //evil.example',
    '/\u202E/evil.example',
    '',
  ];
  const LOCAL = ['/', '/admin', '/gioi-thieu', '/tin-tuc/bai-1?page=2', '/tim-kiem?q=a%20b%5C', '/tin-t%E1%BB%A9c'];

  test('the check itself: local paths pass, every other address is refused', () => {
    for (const s of LOCAL) expect([s, isLocalPath(s)]).toEqual([s, true]);
    for (const s of OFF_SITE) expect([s, isLocalPath(s)]).toEqual([s, false]);
    expect(safeLocalPath(['/admin'], '/x')).toBe('/x');
    expect(safeLocalPath(undefined, '/x')).toBe('/x');
  });

  test("the rating form refuses a target that is not the site's path, stores nothing, and links back on the site", async () => {
    const before = await Rating.count({ where: { tenantId: A.id } });
    for (const target of OFF_SITE) {
      const res = await visitor().post(HA, '/danh-gia', { target, score: '4' });
      expect([target, res.status]).toEqual([target, 400]);
      expect(res.text).not.toContain('evil.example');
    }
    expect(await Rating.count({ where: { tenantId: A.id } })).toBe(before);
    // A page of the site: stored, and the back link is that page.
    const ok = await visitor().post(HB, '/danh-gia', { target: '/gioi-thieu', score: '4' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('href="/gioi-thieu"');
    expect(await Rating.count({ where: { tenantId: A.id } })).toBe(before);
    expect(await Rating.count({ where: { tenantId: B.id, target: '/gioi-thieu' } })).toBe(1);
  });

  test('sign-in keeps and follows only a local next; the hand-over from the portal too', async () => {
    const { person } = await personWithRole('editor', A.id, { password: PASSWORD });
    for (const next of OFF_SITE) {
      const form = await new Browser(p.server).get(HA, `/admin/dang-nhap?next=${encodeURIComponent(next)}`);
      expect([next, /name="next" value="([^"]*)"/.exec(form.text)?.[1]]).toEqual([next, '']);
      const res = await new Browser(p.server).signIn(HA, person.email, PASSWORD, { next });
      expect(res.status).toBe(303);
      expect([next, res.headers.location]).toEqual([next, '/admin']);
    }
    const kept = await new Browser(p.server).signIn(HA, person.email, PASSWORD, { next: '/admin/tin-bai?q=a%20b' });
    expect(kept.headers.location).toBe('/admin/tin-bai?q=a%20b');
    // Through the portal's hand-over: the site's host, then its back office's home.
    const D = p.registry.domain;
    for (const next of ['/%5Cevil.example', '/%09/evil.example', '/\\evil.example']) {
      const portal = new Browser(p.server);
      expect((await portal.signIn(D, person.email, PASSWORD)).status).toBe(303);
      // As a browser starts it (the site's back office sends it to the portal with the state of its
      // nonce cookie), with the `next` of that link changed to the hostile one.
      const start = new URL(locationOf(await portal.get(HA, '/admin'), HA).path, `http://${D}`);
      start.searchParams.set('next', next);
      const to = locationOf(await portal.get(D, start.pathname + start.search), D);
      expect(to.host).toBe(HA);
      const landed = await portal.get(HA, to.path);
      expect(landed.status).toBe(303);
      expect([next, landed.headers.location]).toEqual([next, '/admin']);
    }
  });

  test('the language switch takes only a path of the site', async () => {
    const EN = `skhcn.${p.registry.domain}`; // a demo site with English
    expect((await p.get(EN, '/en/untranslated?from=%2Ftin-tuc')).text).toContain('href="/tin-tuc"');
    for (const from of OFF_SITE.filter(Boolean)) {
      const res = await p.get(EN, `/en/untranslated?from=${encodeURIComponent(from)}`);
      expect([from, res.status]).toEqual([from, 400]);
      expect(res.text).not.toContain('evil.example');
    }
  });
});

// --- The citizens' challenge (8) ---

const NUMBER_WORDS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
/** The form's token and its question answered, as a person (or a bot) reads them. */
function formOf(html: string) {
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  const q = /Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng/i.exec(html);
  if (!token || !q) throw new Error('no form on the page');
  const n = (w: string) => NUMBER_WORDS.indexOf(w.toLowerCase());
  return { token, answer: String(n(q[1]!) + n(q[2]!)) };
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const question = (subject: string, extra: Record<string, string> = {}) => ({
  senderName: 'Nguyễn Văn An',
  senderEmail: `an.${u}@thu.vn`,
  senderPhone: '',
  subject,
  content: 'Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ cần những giấy tờ gì?',
  ...extra,
});

describe("the citizens' challenge: one answer per token (8)", () => {
  test('a second answer with the same token is refused even when right; a new form works', async () => {
    const citizen = visitor();
    const opened = await citizen.get(HA, '/hoi-dap/gui');
    const form = formOf(opened.text);
    await wait(2100);
    const subject = `Câu hỏi thử token ${u}`;
    const wrong = String((Number(form.answer) + 1) % 19);
    const first = await citizen.postMultipart(
      HA,
      '/hoi-dap/gui',
      { ...question(subject), token: form.token, challenge: wrong },
      {},
    );
    expect(first.status).toBe(422);
    expect(first.text).toContain('Câu trả lời kiểm tra chưa đúng');
    // The right answer, on the same token: refused, nothing stored.
    const second = await citizen.postMultipart(
      HA,
      '/hoi-dap/gui',
      { ...question(subject), token: form.token, challenge: form.answer },
      {},
    );
    expect(second.status).toBe(422);
    expect(second.text).toContain('Biểu mẫu này đã được gửi một lần');
    expect(await Participation.count({ where: { subject } })).toBe(0);
    // A right answer with a mistake in the fields uses the token too.
    const fresh = formOf(second.text);
    await wait(2100);
    const incomplete = await citizen.postMultipart(
      HA,
      '/hoi-dap/gui',
      { ...question(subject, { senderEmail: '' }), token: fresh.token, challenge: fresh.answer },
      {},
    );
    expect(incomplete.status).toBe(422);
    expect(incomplete.text).toContain('Cần ít nhất một cách liên hệ');
    const reused = await citizen.postMultipart(
      HA,
      '/hoi-dap/gui',
      { ...question(subject), token: fresh.token, challenge: fresh.answer },
      {},
    );
    expect(reused.status).toBe(422);
    expect(await Participation.count({ where: { subject } })).toBe(0);
    // The form shown again carries a new token, which takes one right answer.
    const last = formOf(reused.text);
    await wait(2100);
    const ok = await citizen.postMultipart(
      HA,
      '/hoi-dap/gui',
      { ...question(subject), token: last.token, challenge: last.answer },
      {},
    );
    expect(ok.status).toBe(303);
    expect(await Participation.count({ where: { subject, tenantId: A.id } })).toBe(1);
  }, 20_000);

  test('one token tried with every possible answer: only the first is judged', async () => {
    const guard = new FormGuard('x'.repeat(32), p.cache);
    const issued = guard.issue(A.id, Date.now() - 5000);
    const judged: string[] = [];
    for (let answer = 2; answer <= 18; answer++) {
      const r = await guard.check(A.id, { token: issued.token, answer: String(answer), honeypot: '' }, issued.nonce);
      judged.push(r === null ? 'accepted' : r.field === 'challenge' ? 'judged' : 'refused');
    }
    expect(judged.slice(1).every((j) => j === 'refused')).toBe(true);
    expect(judged.filter((j) => j === 'accepted').length).toBeLessThanOrEqual(1);
    // Another site's token of the same guard is its own.
    const other = guard.issue(B.id, Date.now() - 5000);
    const r = await guard.check(A.id, { token: other.token, answer: '2', honeypot: '' }, other.nonce);
    expect(r?.message).toContain('không thuộc trang này');
  });
});

// --- Bidirectional and invisible characters in citizens' names and subjects ---

describe("citizens' names and subjects lose bidirectional and zero-width characters", () => {
  const RLO = '\u202E';
  const HIDDEN = [
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200B',
    '\u200C',
    '\u200D',
    '\u2060',
    '\uFEFF',
  ];

  test('the text functions: every such character removed, or written out', () => {
    const all = `a${HIDDEN.join('')}b`;
    expect(stripInvisible(all)).toBe('ab');
    expect(stripInvisible('Nguyễn Văn An')).toBe('Nguyễn Văn An');
    expect(showInvisible(`x${RLO}y\uFEFF`)).toBe('x⟦U+202E⟧y⟦U+FEFF⟧');
  });

  test('a name, an address and a subject sent with them are stored without them', async () => {
    const citizen = visitor();
    const form = formOf((await citizen.get(HA, '/hoi-dap/gui')).text);
    await wait(2100);
    const sent = await citizen.postMultipart(
      HA,
      '/hoi-dap/gui',
      {
        ...question(`Hỏi về${RLO} fdp.exe ${u}\u200B`, {
          senderName: `Nguyễn\u2066 Văn\u200D An${RLO}`,
          senderAddress: `Thôn\u2060 Một\uFEFF`,
        }),
        token: form.token,
        challenge: form.answer,
      },
      {},
    );
    expect(sent.status).toBe(303);
    const stored = await Participation.findOne({ where: { subject: `Hỏi về fdp.exe ${u}`, tenantId: A.id } });
    expect(stored).not.toBeNull();
    expect(stored!.senderName).toBe('Nguyễn Văn An');
    expect(stored!.senderAddress).toBe('Thôn Một');
  }, 15_000);

  test('text stored before is written out in the back office and left out on public pages, never shown as it is', async () => {
    const old = (site: Site, subject: string) =>
      Participation.create({
        tenantId: site.id,
        kind: 'question',
        itemId: null,
        trackingCode: newTrackingCode(),
        senderName: `Kẻ${RLO}giả mạo`,
        senderEmail: 'a@b.vn',
        senderPhone: null,
        senderAddress: null,
        subject,
        content: `Nội dung\u200B có ký tự ẩn ${u}`,
      } as never);
    const mine = await old(A, `Câu hỏi cũ ${RLO}fdp.exe ${u}`);
    // Published before the fix: the public pages show it without the characters.
    const published = await old(A, `Câu hỏi đã đăng ${RLO}fdp.exe ${u}`);
    await published.update({ status: 'published', answer: 'Trả lời.', answeredAt: new Date() } as never);
    await p.cache.bumpTenantVersion(A.id);
    for (const path of ['/hoi-dap', `/hoi-dap/${published.id}`]) {
      const page = await rawGet(p.server, HA, path);
      expect([path, page.status]).toEqual([path, 200]);
      expect(page.body.toString()).toContain(`Câu hỏi đã đăng fdp.exe ${u}`);
      expect(page.body.toString()).toContain('Kẻgiả mạo');
      expect(page.body.toString()).not.toContain(RLO);
    }
    await old(B, `Câu hỏi cũ của B ${RLO} ${u}`);
    const { person } = await personWithRole('approver', A.id, {
      password: PASSWORD,
      extra: { totpSecret: p.secrets.seal(DEMO_TOTP_SECRET), totpEnabledAt: new Date() },
    });
    const approver = new Browser(p.server);
    expect((await approver.signIn(HA, person.email, PASSWORD)).status).toBe(303);
    const list = await approver.get(HA, '/admin/y-kien');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`Câu hỏi cũ ⟦U+202E⟧fdp.exe ${u}`);
    expect(list.text).toContain('Kẻ⟦U+202E⟧giả mạo');
    expect(list.text).not.toContain(`Câu hỏi cũ của B`);
    const detail = await approver.get(HA, `/admin/y-kien/${mine.id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain(`<h1>Câu hỏi cũ ⟦U+202E⟧fdp.exe ${u}</h1>`);
    expect(detail.text).toContain('Kẻ⟦U+202E⟧giả mạo');
    expect(detail.text).toContain(`Nội dung⟦U+200B⟧ có ký tự ẩn ${u}`);
    // Nowhere on the pages as the character itself, except in the moderator's editable copy.
    const outsideForm = (html: string) => html.replace(/<form[\s\S]*?<\/form>/g, '');
    expect(outsideForm(list.text)).not.toContain(RLO);
    expect(outsideForm(detail.text)).not.toContain(RLO);
  });
});

// --- Uploaded files are downloaded, never shown inline ---

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\ntrailer<<>>\n%%EOF\n',
);

describe('uploaded PDFs are served as attachments with their Vietnamese name', () => {
  test('the header: attachment, an ASCII name and the UTF-8 name (RFC 5987), nothing that breaks out of it', () => {
    expect(attachmentDisposition('Quyết định số 12.pdf', 'pdf')).toBe(
      `attachment; filename="quyet-dinh-so-12.pdf"; filename*=UTF-8''${encodeURIComponent('Quyết định số 12.pdf')}`,
    );
    // Quotes, line breaks, paths, bidi marks and the characters RFC 5987 does not allow bare.
    const h = attachmentDisposition(`a"b\r\nSet-Cookie: x=1; ../../${'\u202E'}(1)*'.pdf`, 'pdf');
    expect(h).not.toMatch(/[\r\n\u202E]/);
    expect(h.split('"').length).toBe(3);
    expect(h).toMatch(/^attachment; filename="[a-z0-9.-]+\.pdf"; filename\*=UTF-8''[A-Za-z0-9%!._~-]+$/);
    // The served type's extension is kept; an empty name still has one.
    expect(attachmentDisposition('trang.html', 'pdf')).toContain('filename="trang-html.pdf"');
    expect(attachmentDisposition('', 'pdf')).toBe(`attachment; filename="tep.pdf"; filename*=UTF-8''tep.pdf`);
  });

  test("a published item's PDF, on the public site and to its staff, is an attachment", async () => {
    const editor = await actingAs('editor', A.id);
    const store = new LocalFileStore(path.join(dir, 'media'));
    const doc = await uploadMedia({ sequelize: p.sequelize, store }, editor, A.id, {
      bytes: PDF,
      name: 'Quyết định số 12.pdf',
    });
    const file = doc.key.split('/')[1]!;
    const expected = `attachment; filename="quyet-dinh-so-12.pdf"; filename*=UTF-8''${encodeURIComponent('Quyết định số 12.pdf')}`;
    // A draft's file, to the site's staff.
    const { person } = await personWithRole('editor', A.id, { password: PASSWORD });
    const staff = new Browser(p.server);
    expect((await staff.signIn(HA, person.email, PASSWORD)).status).toBe(303);
    const preview = await staff.get(HA, `/media/${file}`);
    expect(preview.status).toBe(200);
    expect(preview.headers['content-disposition']).toBe(expected);
    // Uploaded through the media library's form, a Vietnamese name is kept as the browser sent it (UTF-8).
    const _csrf = await staff.csrf(HA, '/admin/tep');
    const uploaded = await staff.postMultipart(
      HA,
      '/admin/tep',
      { _csrf },
      { file: { name: `Kế hoạch ${u}.pdf`, bytes: PDF } },
    );
    expect(uploaded.status).toBe(303);
    const listed = await Media.findOne({ where: { tenantId: A.id, originalName: `Kế hoạch ${u}.pdf` } });
    expect(listed).not.toBeNull();
    expect((await staff.get(HA, `/media/${listed!.key.split('/')[1]}`)).headers['content-disposition']).toContain(
      `filename="ke-hoach-${u}.pdf"`,
    );
    // Published: everyone's, still an attachment; never through the other site.
    await p.addItem(A as never, {
      kind: 'article',
      slug: `tin-pdf-${u}`,
      title: `Tin có PDF ${u}`,
      attachmentIds: [doc.id],
    });
    const pub = await rawGet(p.server, HA, `/media/${file}`);
    expect(pub.status).toBe(200);
    expect(pub.headers['content-type']).toBe('application/pdf');
    expect(pub.headers['content-disposition']).toBe(expected);
    expect((await rawGet(p.server, HB, `/media/${file}`)).status).toBe(404);
  });

  test("a citizen's PDF attachment, opened in the back office, is an attachment named as sent", async () => {
    const citizen = visitor();
    const form = formOf((await citizen.get(HB, '/hoi-dap/gui')).text);
    await wait(2100);
    const subject = `Câu hỏi có tệp ${u}`;
    const sent = await citizen.postMultipart(
      HB,
      '/hoi-dap/gui',
      { ...question(subject), token: form.token, challenge: form.answer },
      { attachment: { name: 'Bản vẽ nhà ở.pdf', bytes: PDF } },
    );
    expect(sent.status).toBe(303);
    const stored = await Participation.findOne({ where: { subject, tenantId: B.id } });
    const { person } = await personWithRole('approver', B.id, {
      password: PASSWORD,
      extra: { totpSecret: p.secrets.seal(DEMO_TOTP_SECRET), totpEnabledAt: new Date() },
    });
    const approver = new Browser(p.server);
    expect((await approver.signIn(HB, person.email, PASSWORD)).status).toBe(303);
    const res = await approver.get(HB, `/admin/y-kien/${stored!.id}/tep`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="ban-ve-nha-o.pdf"; filename*=UTF-8''${encodeURIComponent('Bản vẽ nhà ở.pdf')}`,
    );
    // The other site's approver cannot open it.
    expect((await approver.get(HA, `/admin/y-kien/${stored!.id}/tep`)).status).not.toBe(200);
  }, 15_000);
});
