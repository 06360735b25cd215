// Security review of 2026-12 (issue 15): credentials, the second factor and sessions. Each test
// reproduces a finding of the review and fails without its fix.
import { TOTP, Secret } from 'otpauth';
import { Grant } from '../../../server/auth/grant.model';
import { Person } from '../../../server/auth/person.model';
import { newRecoveryCodes, newTotpSecret } from '../../../server/auth/totp';
import { AuditEntry } from '../../../server/audit/audit-entry.model';
import { Browser } from '../../support/browser';
import { personWithRole, startTestPlatform, uid, type TestPlatform } from '../../support/test-platform';
import { ROLES, type Role } from '../../../server/auth/roles';
import type { Site } from '../../../tenants/tenant.types';
import { roleNeedsSecondFactor } from '../../../server/auth/can.policy';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
const PASSWORD = 'Mat-khau-rat-dai-2026';

beforeAll(async () => {
  // Each browser comes from an address of its own, so this file's wrong codes never add up to
  // the per-address limit that other files' sign-ins from loopback share.
  p = await startTestPlatform({ TRUST_PROXY: 'loopback' });
  // Sites of this file alone (people made here must not crowd the demo sites' lists): one on
  // its own host, one on the portal's host under a path prefix.
  const u = uid();
  A = await p.newSite({ slug: `cred-${u}`, nameVi: `Sở Thử Đăng nhập ${u}`, kind: 'department' });
  HA = `cred-${u}.test`;
  const px = await p.createSite({
    slug: `cred-px-${u}`,
    nameVi: `Phường Thử Đăng nhập ${u}`,
    kind: 'ward',
    theme: 'coso',
    pathPrefix: `/cred-px-${u}`,
  });
  PX = p.registry.get(px.id)!;
  MX = `/cred-px-${u}/admin`;
});
let A: Site;
let HA: string;
let PX: Site;
let MX: string;
const rnd = () => Math.floor(Math.random() * 250) + 1;
const browser = () => new Browser(p.server, { 'x-forwarded-for': `10.${rnd()}.${rnd()}.${rnd()}` });
afterAll(() => p.close());

/** The code of a TOTP secret `steps` periods from now (the server accepts one step either side). */
function totpAt(secret: string, email: string, steps = 0, now = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, label: email }).generate({
    timestamp: now + steps * 30_000,
  });
}

/** A person with a password, a second factor of their own and roles (platform-wide or on a site). */
async function staff(roles: { role: Role; siteId?: number | null }[]) {
  const secret = newTotpSecret();
  const [first, ...rest] = roles;
  const { person } = await personWithRole(first!.role, first!.siteId ?? null, {
    password: PASSWORD,
    extra: { totpSecret: p.secrets.seal(secret), totpEnabledAt: new Date() },
  });
  for (const r of rest)
    await Grant.create({
      personId: person.id,
      tenantId: r.siteId ?? null,
      role: r.role,
      boardPosition: r.role === 'board' ? 'member' : null,
      grantedBy: null,
      expiresAt: null,
      revokedBy: null,
      revokedAt: null,
      revokeReason: null,
    });
  return { person, secret };
}

/** Signed in on the portal with password and code. */
async function signedIn(who: { person: Person; secret: string }) {
  const b = browser();
  expect((await b.signIn(D, who.person.email, PASSWORD, { totpSecret: who.secret })).status).toBe(303);
  return b;
}

const snapshot = async (id: number) => {
  const x = (await Person.findByPk(id))!;
  return {
    passwordHash: x.passwordHash,
    totpSecret: x.totpSecret,
    status: x.status,
    fullName: x.fullName,
    sessionsValidAfter: x.sessionsValidAfter.getTime(),
  };
};

describe('credentials of a more powerful person', () => {
  test('an operator can neither reset, clear the second factor of, lock, disable, unlock nor edit a system administrator', async () => {
    const operator = await signedIn(await staff([{ role: 'operator' }]));
    // A system administrator, and one who also works as an editor on a site: either way protected.
    const targets = [
      (await staff([{ role: 'sysadmin' }])).person,
      (await staff([{ role: 'editor', siteId: A.id }, { role: 'sysadmin' }])).person,
    ];
    for (const [i, target] of targets.entries()) {
      const page = `/admin/nguoi-dung/${target.id}`;
      const before = await snapshot(target.id);
      const shown = await operator.get(D, page);
      expect(shown.status).toBe(200);
      // Nor the revocation of the system administrator's grant (the editor's grant, yes).
      expect((shown.text.match(/\/thu-hoi"/g) ?? []).length).toBe(i === 0 ? 0 : 1);
      // The page offers none of it.
      for (const action of ['dat-lai-mat-khau', 'dat-lai-xac-thuc', 'khoa', 'mo-khoa', 'vo-hieu', 'sua'])
        expect([action, shown.text.includes(`${page}/${action}"`)]).toEqual([action, false]);
      expect(shown.text).toContain('giữ vai trò mà bạn không có quyền cấp');
      const tries: [string, Record<string, string>][] = [
        ['dat-lai-mat-khau', { confirm: '1' }],
        ['dat-lai-xac-thuc', { confirm: '1' }],
        ['khoa', { confirm: '1' }],
        ['vo-hieu', { confirm: '1' }],
        ['mo-khoa', {}],
        ['sua', { fullName: 'Đã bị sửa', unit: '', phone: '' }],
        // Unconfirmed, not even the question is asked.
        ['dat-lai-mat-khau', {}],
      ];
      for (const [action, form] of tries) {
        const res = await operator.submit(D, '/admin/nguoi-dung', `${page}/${action}`, form);
        expect([action, res.status]).toEqual([action, 403]);
        expect(res.text).not.toContain('mật khẩu tạm thời');
      }
      expect(await snapshot(target.id)).toEqual(before);
      expect(await AuditEntry.count({ where: { targetType: 'person', targetId: String(target.id) } })).toBe(0);
    }
  });

  test('an operator still manages the people whose roles they could grant (a Board member, a site administrator)', async () => {
    const operator = await signedIn(await staff([{ role: 'operator' }]));
    for (const role of ['board', 'site_admin'] as const) {
      const { person } = await staff([{ role, siteId: role === 'board' ? null : A.id }]);
      const page = `/admin/nguoi-dung/${person.id}`;
      expect((await operator.get(D, page)).text).toContain(`${page}/dat-lai-mat-khau"`);
      const reset = await operator.submit(D, page, `${page}/dat-lai-mat-khau`, { confirm: '1' });
      expect([role, reset.status]).toEqual([role, 303]);
      expect((await Person.findByPk(person.id))!.mustChangePassword).toBe(true);
    }
  });

  test("a system administrator resets another's credentials only with their own current code, never their own here", async () => {
    const me = await staff([{ role: 'sysadmin' }]);
    const sys = await signedIn(me);
    const { person: other } = await staff([{ role: 'sysadmin' }]);
    const page = `/admin/nguoi-dung/${other.id}`;
    const before = await snapshot(other.id);
    // The confirmation asks for the code.
    const asked = await sys.submit(D, page, `${page}/dat-lai-mat-khau`, {});
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('name="ownCode"');
    // Without it, or with a wrong one, nothing happens.
    for (const ownCode of ['', '000000', totpAt(newTotpSecret(), me.person.email)]) {
      for (const action of ['dat-lai-mat-khau', 'dat-lai-xac-thuc']) {
        const res = await sys.submit(D, page, `${page}/${action}`, { confirm: '1', ownCode });
        expect([action, ownCode, res.status]).toEqual([action, ownCode, 422]);
        expect(res.text).toContain('name="ownCode"');
      }
    }
    expect(await snapshot(other.id)).toEqual(before);
    // With it, the reset is done (the code is one step ahead: the sign-in used the current one).
    const done = await sys.submit(D, page, `${page}/dat-lai-xac-thuc`, {
      confirm: '1',
      ownCode: totpAt(me.secret, me.person.email, 1),
    });
    expect(done.status).toBe(303);
    expect((await Person.findByPk(other.id))!.totpSecret).toBeNull();
    // Not on oneself: that is the account page's business, with the current password.
    const mine = `/admin/nguoi-dung/${me.person.id}`;
    expect((await sys.get(D, mine)).text).not.toContain(`${mine}/dat-lai-mat-khau"`);
    const self = await sys.submit(D, mine, `${mine}/dat-lai-mat-khau`, { confirm: '1' });
    expect(self.status).toBe(400);
    expect(self.text).toContain('Tài khoản của tôi');
  });
});

describe('second-factor attempts', () => {
  test('wrong codes are counted apart from the password: typing the password again gives no new guesses', async () => {
    const who = await staff([{ role: 'operator' }]);
    const b = browser();
    const password = () =>
      b.submit(D, '/admin/dang-nhap', '/admin/dang-nhap', { email: who.person.email, password: PASSWORD });
    const code = (c: string) => b.submit(D, '/admin/dang-nhap/xac-thuc', '/admin/dang-nhap/xac-thuc', { code: c });
    // Five wrong codes, the correct password typed again before each.
    for (let i = 0; i < 5; i++) {
      expect((await password()).headers.location).toBe('/admin/dang-nhap/xac-thuc');
      expect((await code(i % 2 ? '000000' : '999999')).status).toBe(401);
    }
    // The password is still right, but no code is tried any more, not even the correct one.
    expect((await password()).headers.location).toBe('/admin/dang-nhap/xac-thuc');
    const refused = await code(totpAt(who.secret, who.person.email));
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Quá nhiều lần nhập sai');
    expect((await b.get(D, '/admin')).status).toBe(303);
    // An operator's unlock lifts it.
    const operator = await signedIn(await staff([{ role: 'operator' }]));
    const page = `/admin/nguoi-dung/${who.person.id}`;
    expect((await operator.submit(D, page, `${page}/mo-khoa`, {})).status).toBe(303);
    const again = browser();
    expect((await again.signIn(D, who.person.email, PASSWORD, { totpSecret: who.secret })).status).toBe(303);
    expect((await again.get(D, '/admin')).status).toBe(200);
  });
});

describe('guessing the password through an open session', () => {
  test('wrong current passwords on the account pages count as failed sign-ins', async () => {
    const who = await staff([{ role: 'approver', siteId: A.id }]);
    const b = browser();
    expect((await b.signIn(HA, who.person.email, PASSWORD, { totpSecret: who.secret })).status).toBe(303);
    const before = await snapshot(who.person.id);
    const change = (current: string) =>
      b.submit(HA, '/admin/tai-khoan/mat-khau', '/admin/tai-khoan/mat-khau', {
        current,
        next: 'Mat-khau-cua-ke-gian-2027',
        confirm: 'Mat-khau-cua-ke-gian-2027',
      });
    for (let i = 0; i < 5; i++) expect((await change(`doan-mo-${i}-lan`)).status).toBe(422);
    // The sixth guess would be the right one: refused unread.
    const refused = await change(PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Quá nhiều lần nhập sai');
    expect(await snapshot(who.person.id)).toEqual(before);
  });
});

describe('second-factor replay', () => {
  test('a TOTP code is taken once: not again in another browser, nor a code of an earlier step', async () => {
    const who = await staff([{ role: 'operator' }]);
    // One moment for every code, so a step that ends during the test changes none of them.
    const now = Date.now();
    const codeAt = (steps: number) => totpAt(who.secret, who.person.email, steps, now);
    const attempt = async (code: string) => {
      const b = browser();
      await b.submit(D, '/admin/dang-nhap', '/admin/dang-nhap', { email: who.person.email, password: PASSWORD });
      const res = await b.submit(D, '/admin/dang-nhap/xac-thuc', '/admin/dang-nhap/xac-thuc', { code });
      return { res, inside: (await b.get(D, '/admin')).status === 200 };
    };
    // The current code signs in once.
    const first = await attempt(codeAt(0));
    expect(first.res.status).toBe(303);
    expect(first.inside).toBe(true);
    // The same code seen over a shoulder, in another browser: refused, and nobody is signed in.
    const replay = await attempt(codeAt(0));
    expect(replay.res.status).toBe(401);
    expect(replay.res.text).toContain('vừa được dùng');
    expect(replay.inside).toBe(false);
    // The previous step's code, still inside the ±30 s window, is older than the one taken.
    const older = await attempt(codeAt(-1));
    expect(older.res.status).toBe(401);
    expect(older.inside).toBe(false);
    // The next step's code is new: accepted.
    expect((await attempt(codeAt(1))).inside).toBe(true);
    expect((await Person.findByPk(who.person.id))!.totpLastStep).toBe(Math.floor(now / 30_000) + 1);
  });

  test("a system administrator's confirmation code is taken once too", async () => {
    const me = await staff([{ role: 'sysadmin' }]);
    const sys = await signedIn(me);
    const code = totpAt(me.secret, me.person.email, 1);
    for (const [i, other] of [await staff([{ role: 'sysadmin' }]), await staff([{ role: 'sysadmin' }])].entries()) {
      const page = `/admin/nguoi-dung/${other.person.id}`;
      const res = await sys.submit(D, page, `${page}/dat-lai-xac-thuc`, { confirm: '1', ownCode: code });
      expect([i, res.status]).toEqual([i, i === 0 ? 303 : 422]);
      expect((await Person.findByPk(other.person.id))!.totpSecret === null).toBe(i === 0);
    }
  });
});

describe('sessions end when credentials change', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));
  const alive = async (b: Browser, path = '/admin') => (await b.get(HA, path)).status === 200;

  test("changing one's own password ends every other session (and a sign-in waiting for its code), not this one", async () => {
    const who = await staff([{ role: 'approver', siteId: A.id }]);
    const [laptop, phone, tablet] = [browser(), browser(), browser()];
    for (const b of [laptop, phone, tablet])
      expect((await b.signIn(HA, who.person.email, PASSWORD, { totpSecret: who.secret })).status).toBe(303);
    // A thief who knows the password, at the code step.
    const thief = browser();
    await thief.submit(HA, '/admin/dang-nhap', '/admin/dang-nhap', { email: who.person.email, password: PASSWORD });
    await tick();
    const changed = await laptop.submit(HA, '/admin/tai-khoan/mat-khau', '/admin/tai-khoan/mat-khau', {
      current: PASSWORD,
      next: 'Mat-khau-moi-hoan-toan-2027',
      confirm: 'Mat-khau-moi-hoan-toan-2027',
    });
    expect(changed.status).toBe(303);
    expect(await alive(laptop)).toBe(true);
    expect(await alive(phone)).toBe(false);
    expect(await alive(tablet)).toBe(false);
    const code = await thief.post(HA, '/admin/dang-nhap/xac-thuc', {
      _csrf: await thief.csrf(HA, '/admin/dang-nhap'),
      code: totpAt(who.secret, who.person.email, 1),
    });
    expect(code.headers.location).toBe('/admin/dang-nhap');
    expect(await alive(thief)).toBe(false);
  });

  test('setting up the second factor ends every other session, not this one', async () => {
    // A site administrator without a second factor yet: only the account pages open until it is set up.
    const { person } = await personWithRole('site_admin', A.id, { password: PASSWORD });
    const [laptop, phone] = [browser(), browser()];
    for (const b of [laptop, phone]) expect((await b.signIn(HA, person.email, PASSWORD)).status).toBe(303);
    expect(await alive(phone, '/admin/tai-khoan')).toBe(true);
    await tick();
    const setup = await laptop.get(HA, '/admin/tai-khoan/xac-thuc');
    const secret = /class="secret">([A-Z2-7 ]+)</.exec(setup.text)![1]!.replace(/\s/g, '');
    const done = await laptop.submit(HA, '/admin/tai-khoan/xac-thuc', '/admin/tai-khoan/xac-thuc', {
      code: totpAt(secret, person.email),
    });
    expect(done.status).toBe(303);
    expect(await alive(laptop)).toBe(true);
    expect(await alive(phone, '/admin/tai-khoan')).toBe(false);
  });

  test("an operator's reset of the password or of the second factor ends every session of the person", async () => {
    const operator = await signedIn(await staff([{ role: 'operator' }]));
    for (const action of ['dat-lai-mat-khau', 'dat-lai-xac-thuc']) {
      const who = await staff([{ role: 'editor', siteId: A.id }]);
      const b = browser();
      expect((await b.signIn(HA, who.person.email, PASSWORD, { totpSecret: who.secret })).status).toBe(303);
      expect(await alive(b)).toBe(true);
      await tick();
      const page = `/admin/nguoi-dung/${who.person.id}`;
      expect((await operator.submit(D, page, `${page}/${action}`, { confirm: '1' })).status).toBe(303);
      expect([action, await alive(b)]).toEqual([action, false]);
    }
  });
});

describe('replacing the second factor', () => {
  const secretOn = (html: string) => /class="secret">([A-Z2-7 ]+)</.exec(html)?.[1]?.replace(/\s/g, '');

  test('a signed-in session alone cannot move the second factor to another phone', async () => {
    const who = await staff([{ role: 'approver', siteId: A.id }]);
    const before = (await Person.findByPk(who.person.id))!.totpSecret;
    // Someone at a session left open.
    const b = browser();
    expect((await b.signIn(HA, who.person.email, PASSWORD, { totpSecret: who.secret })).status).toBe(303);
    const page = await b.get(HA, '/admin/tai-khoan/xac-thuc?moi=1');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="password"');
    const offered = secretOn(page.text);
    expect(offered).toBeUndefined();
    expect(page.text).not.toContain('<svg');
    // Even with a secret of their own making, confirming is refused.
    const sent = await b.submit(HA, '/admin/tai-khoan', '/admin/tai-khoan/xac-thuc', {
      code: totpAt(offered ?? newTotpSecret(), who.person.email),
    });
    expect(sent.status).not.toBe(200);
    expect((await Person.findByPk(who.person.id))!.totpSecret).toBe(before);
    expect(await AuditEntry.count({ where: { action: 'account.replaceTwoFactor', actorId: who.person.id } })).toBe(0);
  });

  test('with the password and the current code (or a recovery code) the device is replaced, and other sessions end', async () => {
    let latest = '';
    const who = await staff([{ role: 'approver', siteId: A.id }]);
    const recovery = newRecoveryCodes();
    for (const [i, proof] of ['totp', 'recovery'].entries()) {
      // Recovery codes as shown at the last set-up (a replacement makes new ones).
      if (proof === 'recovery')
        await Person.update({ recoveryCodes: recovery.hashes }, { where: { id: who.person.id } });
      const [b, other] = [browser(), browser()];
      for (const x of [b, other])
        expect(
          (await x.signIn(HA, who.person.email, PASSWORD, { totpSecret: i === 0 ? who.secret : latest })).status,
        ).toBe(303);
      const confirm = (form: Record<string, string>) =>
        b.submit(HA, '/admin/tai-khoan/xac-thuc', '/admin/tai-khoan/xac-thuc/xac-nhan', form);
      const code = proof === 'totp' ? totpAt(who.secret, who.person.email, 1) : recovery.codes[0]!;
      expect((await confirm({ password: 'sai-mat-khau-roi', code })).status).toBe(422);
      expect((await confirm({ password: PASSWORD, code: '000000' })).status).toBe(422);
      const ok = await confirm({ password: PASSWORD, code });
      expect([proof, ok.status]).toEqual([proof, 303]);
      const setup = await b.get(HA, '/admin/tai-khoan/xac-thuc');
      latest = secretOn(setup.text)!;
      expect(latest).toMatch(/^[A-Z2-7]+$/);
      const done = await b.submit(HA, '/admin/tai-khoan/xac-thuc', '/admin/tai-khoan/xac-thuc', {
        code: totpAt(latest, who.person.email),
      });
      expect(done.status).toBe(303);
      expect(p.secrets.open((await Person.findByPk(who.person.id))!.totpSecret!)).toBe(latest);
      expect((await b.get(HA, '/admin')).status).toBe(200);
      expect((await other.get(HA, '/admin')).status).toBe(303);
    }
    expect(await AuditEntry.count({ where: { action: 'account.replaceTwoFactor', actorId: who.person.id } })).toBe(2);
  });
});

describe('the account gate on a path-prefix site', () => {
  // PX lives on the portal's host under a path prefix (MX is its back office).

  test('a temporary password leads to the password page, which opens (no redirect loop), and then the back office', async () => {
    const { person } = await personWithRole('editor', PX.id, {
      password: PASSWORD,
      extra: { mustChangePassword: true },
    });
    const b = browser();
    expect((await b.signIn(D, person.email, PASSWORD, { base: MX })).status).toBe(303);
    const gated = await b.get(D, `${MX}/nguoi-dung`);
    expect(gated.headers.location).toBe(`${MX}/tai-khoan/mat-khau`);
    const form = await b.get(D, `${MX}/tai-khoan/mat-khau`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('mật khẩu tạm thời');
    const changed = await b.submit(D, `${MX}/tai-khoan/mat-khau`, `${MX}/tai-khoan/mat-khau`, {
      current: PASSWORD,
      next: 'Mat-khau-moi-cua-phuong-2027',
      confirm: 'Mat-khau-moi-cua-phuong-2027',
    });
    expect(changed.status).toBe(303);
    expect((await b.get(D, MX)).status).toBe(200);
  });

  test('an approver with a temporary password goes from the new password straight to the second factor', async () => {
    const { person } = await personWithRole('approver', PX.id, {
      password: PASSWORD,
      extra: { mustChangePassword: true },
    });
    const b = browser();
    expect((await b.signIn(D, person.email, PASSWORD, { base: MX })).status).toBe(303);
    const changed = await b.submit(D, `${MX}/tai-khoan/mat-khau`, `${MX}/tai-khoan/mat-khau`, {
      current: PASSWORD,
      next: 'Mat-khau-moi-nguoi-duyet-2027',
      confirm: 'Mat-khau-moi-nguoi-duyet-2027',
    });
    expect(changed.headers.location).toBe(`${MX}/tai-khoan/xac-thuc`);
    const setup = await b.get(D, `${MX}/tai-khoan/xac-thuc`);
    expect(setup.text).toContain('Bây giờ hãy bật xác thực hai lớp');
    expect(setup.text).toContain('<svg');
  });

  test('a second factor to set up leads to its page, which opens', async () => {
    const { person } = await personWithRole('site_admin', PX.id, { password: PASSWORD });
    const b = browser();
    expect((await b.signIn(D, person.email, PASSWORD, { base: MX })).status).toBe(303);
    expect((await b.get(D, MX)).headers.location).toBe(`${MX}/tai-khoan/xac-thuc`);
    const setup = await b.get(D, `${MX}/tai-khoan/xac-thuc`);
    expect(setup.status).toBe(200);
    expect(setup.text).toContain('<svg');
  });
});

describe('the second factor for whoever may publish (Art 13.2)', () => {
  test('the roles that must use it are those that may approve, publish or hand out that power', () => {
    expect(ROLES.filter(roleNeedsSecondFactor).sort()).toEqual(
      ['approver', 'board', 'operator', 'site_admin', 'sysadmin'].sort(),
    );
  });

  test('an approver, and a Board member, must set up the second factor before reaching anything else', async () => {
    for (const [role, host] of [
      ['approver', HA],
      ['board', D],
    ] as const) {
      const { person } = await personWithRole(role, role === 'board' ? null : A.id, { password: PASSWORD });
      const b = browser();
      expect((await b.signIn(host, person.email, PASSWORD)).status).toBe(303);
      for (const path of ['/admin', '/admin/tin-bai', '/admin/cho-duyet', '/admin/y-kien'])
        expect([role, path, (await b.get(host, path)).headers.location]).toEqual([
          role,
          path,
          '/admin/tai-khoan/xac-thuc',
        ]);
      const setup = await b.get(host, '/admin/tai-khoan/xac-thuc');
      const secret = /class="secret">([A-Z2-7 ]+)</.exec(setup.text)![1]!.replace(/\s/g, '');
      const done = await b.submit(host, '/admin/tai-khoan/xac-thuc', '/admin/tai-khoan/xac-thuc', {
        code: totpAt(secret, person.email),
      });
      expect(done.status).toBe(303);
      expect([role, (await b.get(host, '/admin/cho-duyet')).status]).toEqual([role, 200]);
      // From now on the sign-in asks for the code.
      const next = browser();
      const step1 = await next.submit(host, '/admin/dang-nhap', '/admin/dang-nhap', {
        email: person.email,
        password: PASSWORD,
      });
      expect(step1.headers.location).toBe('/admin/dang-nhap/xac-thuc');
    }
  });

  test('an editor or a reporter, who cannot publish, is not held up', async () => {
    for (const [role, host] of [
      ['editor', HA],
      ['reporter', D],
    ] as const) {
      const { person } = await personWithRole(role, role === 'reporter' ? null : A.id, { password: PASSWORD });
      const b = browser();
      expect((await b.signIn(host, person.email, PASSWORD)).status).toBe(303);
      expect([role, (await b.get(host, '/admin')).status]).toEqual([role, 200]);
    }
  });
});
