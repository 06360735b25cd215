// Signing in: password policy, brute-force lockout, CSRF, session rotation, second factor,
// timeouts and "sign out everywhere", and grants that stop working at once.
import { Grant } from '../../server/auth/grant.model';
import { Person } from '../../server/auth/person.model';
import { currentTotp } from '../../server/auth/totp';
import { AuditEntry } from '../../server/audit/audit-entry.model';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { personWithRole, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
const PASSWORD = 'Mat-khau-rat-dai-2026';

beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

/** A person with a site role on the demo site `stc`, made for one test. */
async function personOn(siteSlug: string, role: 'editor' | 'site_admin' | 'contributor', extra: Partial<Person> = {}) {
  const site = p.registry.all().find((s) => s.slug === siteSlug)!;
  const { person, grant } = await personWithRole(role, site.id, { password: PASSWORD, extra });
  return { person, grant, site };
}

test('an anonymous visitor of /admin is sent to sign in, on the portal and on a prefix site', async () => {
  const b = new Browser(p.server);
  const res = await b.get(D, '/admin/nguoi-dung');
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/admin/dang-nhap?next=%2Fadmin%2Fnguoi-dung');
  const page = await b.get(D, '/admin/dang-nhap');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Đăng nhập quản trị');
  expect(page.headers['cache-control']).toBe('no-store');
  expect((await b.get(D, '/phuong-minh-xuan/admin')).headers.location).toBe(
    '/phuong-minh-xuan/admin/dang-nhap?next=%2Fphuong-minh-xuan%2Fadmin',
  );
});

test("a site's own sign-in form names that site, not the portal", async () => {
  const b = new Browser(p.server);
  const own = await b.get(`stc.${D}`, '/admin/dang-nhap');
  expect(own.status).toBe(200);
  expect(own.text).toMatch(/<p class="muted">Sở Tài chính tỉnh Tuyên Quang<\/p>/);
  const portal = await b.get(D, '/admin/dang-nhap');
  expect(portal.text).toMatch(/<p class="muted">Cổng thông tin điện tử tỉnh Tuyên Quang<\/p>/);
});

test('a wrong password is refused with one message for unknown and known e-mails, and audited', async () => {
  const { person } = await personOn('stc', 'editor');
  const b = new Browser(p.server);
  const unknown = await b.submit(D, '/admin/dang-nhap', '/admin/dang-nhap', {
    email: `khong-co-${uid()}@thu.vn`,
    password: 'sai-mat-khau-123',
  });
  const wrong = await b.submit(D, '/admin/dang-nhap', '/admin/dang-nhap', {
    email: person.email,
    password: 'sai-mat-khau-123',
  });
  expect(unknown.status).toBe(401);
  expect(wrong.status).toBe(401);
  expect(unknown.text).toContain('E-mail hoặc mật khẩu không đúng.');
  expect(wrong.text).toContain('E-mail hoặc mật khẩu không đúng.');
  expect(wrong.text).toContain(`value="${person.email}"`); // what they typed is kept
  expect(await AuditEntry.count({ where: { action: 'auth.signIn.failure', actorEmail: person.email } })).toBe(1);
});

test('brute force locks the account after 5 failures, even with the right password; an operator unlocks it', async () => {
  const { person } = await personOn('stc', 'editor');
  const b = new Browser(p.server);
  for (let i = 0; i < 5; i++) {
    expect(
      (
        await b.submit(D, '/admin/dang-nhap', '/admin/dang-nhap', {
          email: person.email,
          password: `sai-${i}-mat-khau`,
        })
      ).status,
    ).toBe(401);
  }
  const locked = await b.signIn(D, person.email, PASSWORD);
  expect(locked.status).toBe(429);
  expect(locked.text).toContain('tạm khóa');
  // The operator (a demo account, with its demo second factor) unlocks it.
  const op = new Browser(p.server);
  expect((await op.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD)).status).toBe(303);
  const unlock = await op.submit(D, `/admin/nguoi-dung/${person.id}`, `/admin/nguoi-dung/${person.id}/mo-khoa`, {});
  expect(unlock.status).toBe(303);
  expect((await b.signIn(D, person.email, PASSWORD)).status).toBe(303);
});

test('a missing or wrong CSRF token gives 403 and changes nothing', async () => {
  const { person } = await personOn('stc', 'editor');
  const b = new Browser(p.server);
  await b.get(D, '/admin/dang-nhap');
  const missing = await b.post(D, '/admin/dang-nhap', { email: person.email, password: PASSWORD });
  expect(missing.status).toBe(403);
  expect(missing.text).toContain('Biểu mẫu đã hết hạn');
  const wrong = await b.post(D, '/admin/dang-nhap', { email: person.email, password: PASSWORD, _csrf: 'a'.repeat(64) });
  expect(wrong.status).toBe(403);
  expect((await Person.findByPk(person.id))!.lastSignInAt).toBeNull();
  // Signed in, a state-changing form without its token is refused too.
  expect((await b.signIn(D, person.email, PASSWORD)).status).toBe(303);
  const before = await AuditEntry.count();
  const out = await b.post(D, '/admin/tai-khoan/dang-xuat-moi-noi', {});
  expect(out.status).toBe(403);
  expect(await AuditEntry.count()).toBe(before);
});

test('the session id changes at sign-in and is not valid afterwards', async () => {
  const { person } = await personOn('stc', 'editor');
  const b = new Browser(p.server);
  await b.csrf(D, '/admin/dang-nhap');
  const before = b.sessionId(D);
  expect(before).toBeDefined();
  expect((await b.signIn(D, person.email, PASSWORD)).status).toBe(303);
  const after = b.sessionId(D);
  expect(after).toBeDefined();
  expect(after).not.toBe(before);
  // An attacker holding the pre-sign-in cookie is not signed in.
  const fixated = await p.get(D, '/admin', { cookie: `cong.sid=${before}` });
  expect(fixated.status).toBe(303);
  expect(fixated.headers.location).toContain('/admin/dang-nhap');
});

test('the session cookie is HttpOnly and SameSite=Lax, Secure behind TLS', async () => {
  const res = await p.get(D, '/admin/dang-nhap');
  const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cong.sid='))!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).not.toMatch(/Secure/);
  const tls = await startTestPlatform({ TRUST_PROXY: 'loopback' });
  try {
    const secure = await tls.get(D, '/admin/dang-nhap', { 'x-forwarded-proto': 'https' });
    expect((secure.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cong.sid='))).toMatch(
      /Secure/,
    );
  } finally {
    await tls.close();
  }
});

test('two-factor is asked for when the person has it, and a wrong code is refused', async () => {
  const b = new Browser(p.server);
  const step1 = await b.submit(D, '/admin/dang-nhap', '/admin/dang-nhap', {
    email: `vanhanh@${D}`,
    password: DEMO_PASSWORD,
  });
  expect(step1.headers.location).toBe('/admin/dang-nhap/xac-thuc');
  // Not signed in yet.
  expect((await b.get(D, '/admin')).status).toBe(303);
  const bad = await b.submit(D, '/admin/dang-nhap/xac-thuc', '/admin/dang-nhap/xac-thuc', { code: '000000' });
  expect(bad.status).toBe(401);
  expect(bad.text).toContain('Mã xác thực không đúng');
});

test('two-factor is mandatory for a site administrator: until set up, only the account pages open', async () => {
  const { person } = await personOn('stc', 'site_admin');
  const b = new Browser(p.server);
  expect((await b.signIn(`stc.${D}`, person.email, PASSWORD)).status).toBe(303);
  const gated = await b.get(`stc.${D}`, '/admin/nguoi-dung');
  expect(gated.status).toBe(303);
  expect(gated.headers.location).toBe('/admin/tai-khoan/xac-thuc');
  const setup = await b.get(`stc.${D}`, '/admin/tai-khoan/xac-thuc');
  expect(setup.status).toBe(200);
  expect(setup.text).toContain('<svg');
  const secret = /class="secret">([A-Z2-7 ]+)</.exec(setup.text)![1]!.replace(/\s/g, '');
  const done = await b.submit(`stc.${D}`, '/admin/tai-khoan/xac-thuc', '/admin/tai-khoan/xac-thuc', {
    code: currentTotp(secret, person.email),
  });
  expect(done.status).toBe(303);
  const codes = await b.get(`stc.${D}`, '/admin/tai-khoan/xac-thuc');
  expect(codes.text).toContain('Mã khôi phục');
  expect((await b.get(`stc.${D}`, '/admin/nguoi-dung')).status).toBe(200);
  // Next sign-in asks for the code; a recovery code works once.
  const recovery = /<code>([0-9a-f]{5}-[0-9a-f]{5})<\/code>/.exec(codes.text)![1]!;
  const b2 = new Browser(p.server);
  await b2.submit(`stc.${D}`, '/admin/dang-nhap', '/admin/dang-nhap', { email: person.email, password: PASSWORD });
  expect(
    (await b2.submit(`stc.${D}`, '/admin/dang-nhap/xac-thuc', '/admin/dang-nhap/xac-thuc', { code: recovery })).status,
  ).toBe(303);
});

test('a temporary password must be changed first, under the password policy', async () => {
  const { person } = await personOn('stc', 'editor', { mustChangePassword: true });
  const b = new Browser(p.server);
  await b.signIn(`stc.${D}`, person.email, PASSWORD);
  expect((await b.get(`stc.${D}`, '/admin')).headers.location).toBe('/admin/tai-khoan/mat-khau');
  const weak = await b.submit(`stc.${D}`, '/admin/tai-khoan/mat-khau', '/admin/tai-khoan/mat-khau', {
    current: PASSWORD,
    next: '1234567890',
    confirm: '1234567890',
  });
  expect(weak.status).toBe(422);
  expect(weak.text).toContain('phổ biến');
  const ok = await b.submit(`stc.${D}`, '/admin/tai-khoan/mat-khau', '/admin/tai-khoan/mat-khau', {
    current: PASSWORD,
    next: 'Doi-chè-Tân-Trào-26',
    confirm: 'Doi-chè-Tân-Trào-26',
  });
  expect(ok.status).toBe(303);
  expect((await b.get(`stc.${D}`, '/admin')).status).toBe(200);
});

test('staff who sign in on the portal are taken to their own site, or choose among theirs', async () => {
  // One site: a ward's editor signing in at the portal's /admin lands on the ward's back office.
  const { person } = await personOn('minhxuan', 'editor');
  const b = new Browser(p.server);
  expect((await b.signIn(D, person.email, PASSWORD)).status).toBe(303);
  const root = await b.get(D, '/admin');
  expect([root.status, root.headers.location]).toEqual([303, '/phuong-minh-xuan/admin']);
  expect((await b.get(D, '/phuong-minh-xuan/admin')).status).toBe(200);
  // Elsewhere on the portal's back office it is still refused, with the way to the ward.
  const elsewhere = await b.get(D, '/admin/nguoi-dung');
  expect(elsewhere.status).toBe(403);
  expect(elsewhere.text).toContain('href="/phuong-minh-xuan/admin"');
  // A site on its own host: a page that forwards there (a redirect would leave the host within
  // the sign-in form's redirect chain, which the CSP's form-action 'self' stops).
  const own = await personOn('stc', 'editor');
  const b3 = new Browser(p.server);
  expect((await b3.signIn(D, own.person.email, PASSWORD)).status).toBe(303);
  const forward = await b3.get(D, '/admin');
  expect(forward.status).toBe(200);
  expect(forward.text).toContain(`<meta http-equiv="refresh" content="0;url=http://stc.${D}/admin">`);
  expect(forward.text).toContain(`href="http://stc.${D}/admin"`);
  // Two sites: a page to choose from, not a refusal.
  const two = await personOn('minhxuan', 'editor');
  const stc = p.registry.all().find((s) => s.slug === 'stc')!;
  await Grant.create({
    personId: two.person.id,
    tenantId: stc.id,
    role: 'editor',
    boardPosition: null,
    grantedBy: null,
    expiresAt: null,
    revokedBy: null,
    revokedAt: null,
  });
  const b2 = new Browser(p.server);
  await b2.signIn(D, two.person.email, PASSWORD);
  const chooser = await b2.get(D, '/admin');
  expect(chooser.status).toBe(200);
  expect(chooser.text).toContain('Chọn trang để làm việc');
  expect(chooser.text).toContain('href="/phuong-minh-xuan/admin"');
  expect(chooser.text).toContain(`href="http://stc.${D}/admin"`);
});

test('a revoked grant and an expired grant stop working on the next request', async () => {
  const { person, grant } = await personOn('stc', 'editor');
  const b = new Browser(p.server);
  await b.signIn(`stc.${D}`, person.email, PASSWORD);
  expect((await b.get(`stc.${D}`, '/admin')).status).toBe(200);
  await grant.update({ revokedAt: new Date(), revokedBy: person.id, revokeReason: 'thử' });
  const denied = await b.get(`stc.${D}`, '/admin');
  expect(denied.status).toBe(403);
  expect(denied.text).toContain('chưa được cấp quyền');

  const second = await personOn('stc', 'editor');
  const b2 = new Browser(p.server);
  await b2.signIn(`stc.${D}`, second.person.email, PASSWORD);
  expect((await b2.get(`stc.${D}`, '/admin')).status).toBe(200);
  await second.grant.update({ expiresAt: new Date(Date.now() - 1000) });
  expect((await b2.get(`stc.${D}`, '/admin')).status).toBe(403);
});

test('"sign out everywhere" ends every session of the person; locking does too', async () => {
  const { person } = await personOn('stc', 'editor');
  const phone = new Browser(p.server);
  const laptop = new Browser(p.server);
  await phone.signIn(`stc.${D}`, person.email, PASSWORD);
  await laptop.signIn(`stc.${D}`, person.email, PASSWORD);
  await new Promise((r) => setTimeout(r, 5));
  const out = await laptop.submit(`stc.${D}`, '/admin/tai-khoan', '/admin/tai-khoan/dang-xuat-moi-noi', {});
  expect(out.status).toBe(303);
  expect((await phone.get(`stc.${D}`, '/admin')).status).toBe(303);
  expect(await AuditEntry.count({ where: { action: 'account.signOutEverywhere', actorId: person.id } })).toBe(1);

  const again = new Browser(p.server);
  await again.signIn(`stc.${D}`, person.email, PASSWORD);
  await new Promise((r) => setTimeout(r, 5));
  await person.update({ status: 'locked', sessionsValidAfter: new Date() });
  expect((await again.get(`stc.${D}`, '/admin')).status).toBe(303);
  const refused = await again.signIn(`stc.${D}`, person.email, PASSWORD);
  expect(refused.status).toBe(403);
  expect(refused.text).toContain('đã bị khóa');
});

test('sessions end after the absolute timeout', async () => {
  const { person } = await personOn('stc', 'editor');
  const b = new Browser(p.server);
  await b.signIn(`stc.${D}`, person.email, PASSWORD);
  expect((await b.get(`stc.${D}`, '/admin')).status).toBe(200);
  const realNow = Date.now;
  try {
    Date.now = () => realNow() + 13 * 3600 * 1000;
    expect((await b.get(`stc.${D}`, '/admin')).status).toBe(303);
  } finally {
    Date.now = realNow;
  }
});

test('sign-out ends the session', async () => {
  const { person } = await personOn('stc', 'editor');
  const b = new Browser(p.server);
  await b.signIn(`stc.${D}`, person.email, PASSWORD);
  expect((await b.submit(`stc.${D}`, '/admin', '/admin/dang-xuat', {})).status).toBe(303);
  expect((await b.get(`stc.${D}`, '/admin')).status).toBe(303);
  expect(await AuditEntry.count({ where: { action: 'auth.signOut', actorId: person.id } })).toBe(1);
});

test('next= never leads off the site (no open redirect)', async () => {
  const { person } = await personOn('stc', 'editor');
  for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
    const b = new Browser(p.server);
    const res = await b.signIn(`stc.${D}`, person.email, PASSWORD, { next });
    expect(res.headers.location).toBe('/admin');
  }
});
