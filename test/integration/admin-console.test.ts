// The platform console as the operator uses it, and what a site administrator may (not) see.
import { QueryTypes } from 'sequelize';
import { Grant } from '../../server/auth/grant.model';
import { Person } from '../../server/auth/person.model';
import { hashPassword } from '../../server/auth/password';
import { AuditEntry } from '../../server/audit/audit-entry.model';
import { Category, MenuItem } from '../../server/content/category.model';
import { Tenant } from '../../tenants/tenant.model';
import { Browser, locationOf } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { communeForm, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
let op: Browser;
const D = 'tuyenquang.localhost';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  p = await startTestPlatform();
  op = new Browser(p.server);
  expect((await op.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD)).status).toBe(303);
});
afterAll(() => p.close());

async function createCommune(slug: string, extra: Record<string, string> = {}, file = PDF) {
  const _csrf = await op.csrf(D, '/admin/trang/moi');
  return op.postMultipart(
    D,
    '/admin/trang/moi',
    { _csrf, ...communeForm(slug), ...extra },
    { approvalFile: { name: 'quyet-dinh.pdf', bytes: file } },
  );
}

test('an operator creates a commune, a person, grants editor on it and another site, and sees it all in the audit log', async () => {
  const slug = `xa-${uid()}`;
  const created = await createCommune(slug);
  expect(created.status).toBe(303);
  const site = await Tenant.findOne({ where: { slug } });
  expect(site).not.toBeNull();
  expect(site!.approvalFile).toMatch(/^decision\//);
  // The blueprint gave it categories and a menu.
  expect(await Category.count({ where: { tenantId: site!.id } })).toBeGreaterThan(5);
  expect(await MenuItem.count({ where: { tenantId: site!.id } })).toBe(5);
  // It answers publicly at once.
  expect((await p.get(D, `/${slug}`)).status).toBe(200);

  const email = `bientap-${uid()}@thu.vn`;
  const personCreated = await op.submit(D, '/admin/nguoi-dung/moi', '/admin/nguoi-dung/moi', {
    email,
    fullName: 'Lý Thị Biên',
    unit: 'UBND xã',
    phone: '0912 345 678',
  });
  expect(personCreated.status).toBe(303);
  const made = await op.get(D, personCreated.headers.location);
  expect(made.status).toBe(200);
  // Shown once: a reload leads to the person's page, not to the password again.
  expect((await op.get(D, personCreated.headers.location)).status).toBe(303);
  const temporary = /class="secret-box"><code>([^<]+)</.exec(made.text)![1]!;
  const person = (await Person.findOne({ where: { email } }))!;

  const stc = p.registry.all().find((s) => s.slug === 'stc')!;
  const bulk = await op.submit(D, '/admin/phan-quyen', '/admin/phan-quyen/hang-loat', {
    mode: 'grant',
    role: 'editor',
    personIds: [String(person.id)],
    tenantIds: [String(site!.id), String(stc.id)],
  });
  expect(bulk.status).toBe(303);
  expect(await Grant.count({ where: { personId: person.id, role: 'editor', revokedAt: null } })).toBe(2);

  const log = await op.get(
    D,
    `/admin/nhat-ky?person=${(await Person.findOne({ where: { email: `vanhanh@${D}` } }))!.id}`,
  );
  expect(log.status).toBe(200);
  for (const action of ['site.create', 'person.create', 'grant.create']) expect(log.text).toContain(action);
  expect(await AuditEntry.count({ where: { action: 'grant.create', targetType: 'grant', tenantId: site!.id } })).toBe(
    1,
  );

  // The person signs in (changing the temporary password) and reaches exactly those two back offices.
  const ed = new Browser(p.server);
  expect((await ed.signIn(D, email, temporary)).status).toBe(303);
  const changed = await ed.submit(D, '/admin/tai-khoan/mat-khau', '/admin/tai-khoan/mat-khau', {
    current: temporary,
    next: 'Bien-tap-xa-moi-2026',
    confirm: 'Bien-tap-xa-moi-2026',
  });
  expect(changed.status).toBe(303);
  expect((await ed.get(D, `/${slug}/admin`)).status).toBe(200);
  expect((await ed.get(D, '/phuong-minh-xuan/admin')).status).toBe(403);
  expect((await ed.get(D, '/admin/trang')).status).toBe(403); // not the console
  // stc is on its own host: the portal hands the sign-in over, no second password.
  const toStc = await ed.get(`stc.${D}`, '/admin');
  const sso = locationOf(toStc, `stc.${D}`);
  expect(sso.host).toBe(D);
  const handed = await ed.get(sso.host, sso.path);
  const back = locationOf(handed, D);
  expect(back.host).toBe(`stc.${D}`);
  const landed = await ed.get(back.host, back.path);
  expect(landed.status).toBe(303);
  const inside = await ed.get(`stc.${D}`, landed.headers.location);
  expect(inside.status).toBe(200);
  expect(inside.text).toContain('Bảng điều khiển');
  // The token works once.
  expect((await new Browser(p.server).get(back.host, back.path)).status).toBe(400);
  // And tantrao (not granted) refuses the hand-over.
  const toTantrao = locationOf(await ed.get(`tantrao.${D}`, '/admin'), `tantrao.${D}`);
  expect((await ed.get(toTantrao.host, toTantrao.path)).status).toBe(403);
});

test('a site is refused with a clear message when its address is taken or its decision file is not a PDF', async () => {
  const taken = await createCommune('phuong-minh-xuan-2', { pathPrefix: '/phuong-minh-xuan' });
  expect(taken.status).toBe(422);
  expect(taken.text).toContain('Phường Minh Xuân');
  const fake = await createCommune(`xa-${uid()}`, {}, Buffer.from('MZ this is not a pdf, whatever its name says'));
  expect(fake.status).toBe(422);
  expect(fake.text).toContain('phải là PDF');
  const noNumber = await createCommune(`xa-${uid()}`, { approvalNumber: '' });
  expect(noNumber.status).toBe(422);
  expect(noNumber.text).toContain('số quyết định');
});

test('an operator suspends, archives and restores a site; each step is audited', async () => {
  const slug = `xa-${uid()}`;
  await createCommune(slug);
  const site = (await Tenant.findOne({ where: { slug } }))!;
  for (const [status, http] of [
    ['suspended', 503],
    ['archived', 410],
    ['active', 200],
  ] as const) {
    const res = await op.submit(D, `/admin/trang/${site.id}`, `/admin/trang/${site.id}/trang-thai`, { status });
    expect(res.status).toBe(303);
    expect((await p.get(D, `/${slug}`)).status).toBe(http);
  }
  expect(
    await AuditEntry.count({ where: { tenantId: site.id, action: ['site.suspend', 'site.archive', 'site.restore'] } }),
  ).toBe(3);
});

test('a site administrator sees only their own site’s people and audit entries', async () => {
  const stc = p.registry.all().find((s) => s.slug === 'stc')!;
  const b = new Browser(p.server);
  expect((await b.signIn(`stc.${D}`, `quantri.stc@${D}`, DEMO_PASSWORD)).status).toBe(303);
  const people = await b.get(`stc.${D}`, '/admin/nguoi-dung');
  expect(people.status).toBe(200);
  expect(people.text).toContain(`duyet.stc@${D}`);
  expect(people.text).not.toContain(`duyet.minhxuan@${D}`);
  const other = (await Person.findOne({ where: { email: `duyet.minhxuan@${D}` } }))!;
  expect((await b.get(`stc.${D}`, `/admin/nguoi-dung/${other.id}`)).status).toBe(404);
  const audit = await b.get(`stc.${D}`, '/admin/nhat-ky');
  expect(audit.status).toBe(200);
  const rows = await AuditEntry.findAll({ where: { tenantId: stc.id } });
  expect(rows.length).toBeGreaterThan(0);
  // Asking for another site's entries through the filter changes nothing: the scope is the site.
  const minhxuan = p.registry.all().find((s) => s.slug === 'minhxuan')!;
  const forged = await b.get(`stc.${D}`, `/admin/nhat-ky?site=${minhxuan.id}`);
  expect(forged.text).not.toContain('Phường Minh Xuân</td>');
  // The portal's console, another site's back office and the grants matrix are closed.
  expect((await b.get(`tantrao.${D}`, '/admin/nguoi-dung')).status).toBe(303); // must sign in there (no role: SSO refuses)
  const csv = await b.get(`stc.${D}`, '/admin/nhat-ky.csv');
  expect(csv.status).toBe(200);
  const lines = csv.text.trim().split('\r\n').slice(1);
  expect(lines.length).toBeGreaterThan(0);
  const siteCol = lines.map((l) => l.split('","')[4]);
  expect(new Set(siteCol)).toEqual(new Set([String(stc.id)]));
});

test('a contributor cannot call operator or site-administrator actions', async () => {
  const b = new Browser(p.server);
  await b.signIn(`stc.${D}`, `ctv.stc@${D}`, DEMO_PASSWORD);
  const target = (await Person.findOne({ where: { email: `bientap.stc@${D}` } }))!;
  const before = await Grant.count();
  const token = await b.csrf(`stc.${D}`, '/admin/tai-khoan');
  for (const path of [
    `/admin/nguoi-dung/${target.id}/khoa`,
    `/admin/nguoi-dung/${target.id}/dat-lai-mat-khau`,
    '/admin/phan-quyen/hang-loat',
    `/admin/nguoi-dung/${target.id}/cap-quyen`,
  ]) {
    const res = await b.post(`stc.${D}`, path, {
      _csrf: token,
      role: 'site_admin',
      tenantIds: '1',
      personIds: String(target.id),
    });
    expect(res.status).toBe(403);
  }
  expect((await b.get(`stc.${D}`, '/admin/nguoi-dung')).status).toBe(403);
  expect((await b.get(`stc.${D}`, '/admin/nhat-ky')).status).toBe(403);
  expect(await Grant.count()).toBe(before);
  expect((await Person.findByPk(target.id))!.status).toBe('active');
});

test('only a system administrator can make a system administrator', async () => {
  const target = await Person.create({
    email: `x-${uid()}@thu.vn`,
    fullName: 'X',
    unit: null,
    phone: null,
    passwordHash: await hashPassword('Mot-mat-khau-dai-1'),
    mustChangePassword: false,
    totpSecret: null,
    totpEnabledAt: null,
    lastSignInAt: null,
  });
  const res = await op.submit(D, `/admin/nguoi-dung/${target.id}`, `/admin/nguoi-dung/${target.id}/cap-quyen`, {
    role: 'sysadmin',
    tenantId: '',
  });
  expect(res.status).toBe(403);
  const sys = new Browser(p.server);
  await sys.signIn(D, `quantri@${D}`, DEMO_PASSWORD);
  expect(
    (
      await sys.submit(D, `/admin/nguoi-dung/${target.id}`, `/admin/nguoi-dung/${target.id}/cap-quyen`, {
        role: 'sysadmin',
        tenantId: '',
      })
    ).status,
  ).toBe(303);
  expect(await Grant.count({ where: { personId: target.id, role: 'sysadmin', revokedAt: null } })).toBe(1);
});

test('revoking needs a reason, records who, when and why', async () => {
  const person = await Person.create({
    email: `r-${uid()}@thu.vn`,
    fullName: 'R',
    unit: null,
    phone: null,
    passwordHash: null,
    mustChangePassword: true,
    totpSecret: null,
    totpEnabledAt: null,
    lastSignInAt: null,
  });
  const minhxuan = p.registry.all().find((s) => s.slug === 'minhxuan')!;
  await op.submit(D, `/admin/nguoi-dung/${person.id}`, `/admin/nguoi-dung/${person.id}/cap-quyen`, {
    role: 'viewer',
    tenantId: String(minhxuan.id),
  });
  const grant = (await Grant.findOne({ where: { personId: person.id } }))!;
  const noReason = await op.submit(D, `/admin/nguoi-dung/${person.id}`, `/admin/phan-quyen/${grant.id}/thu-hoi`, {
    reason: '',
  });
  expect(noReason.status).toBe(303);
  expect((await Grant.findByPk(grant.id))!.revokedAt).toBeNull();
  await op.submit(D, `/admin/nguoi-dung/${person.id}`, `/admin/phan-quyen/${grant.id}/thu-hoi`, {
    reason: 'Chuyển công tác',
  });
  const revoked = (await Grant.findByPk(grant.id))!;
  expect(revoked.revokedAt).not.toBeNull();
  expect(revoked.revokeReason).toBe('Chuyển công tác');
  const operator = (await Person.findOne({ where: { email: `vanhanh@${D}` } }))!;
  expect(revoked.revokedBy).toBe(operator.id);
});

test('the audit log cannot be changed or deleted through the application’s database connection', async () => {
  const entry = await AuditEntry.create({
    actorId: null,
    actorEmail: 'x',
    ip: null,
    tenantId: null,
    action: 'test.entry',
    targetType: null,
    targetId: null,
  });
  await expect(p.sequelize.query(`UPDATE audit_log SET action = 'sua' WHERE id = ${entry.id}`)).rejects.toThrow(
    /append-only/,
  );
  await expect(p.sequelize.query(`DELETE FROM audit_log WHERE id = ${entry.id}`)).rejects.toThrow(/append-only/);
  await expect(p.sequelize.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  await expect(entry.update({ action: 'sua' })).rejects.toThrow();
  const [row] = await p.sequelize.query<{ action: string }>(`SELECT action FROM audit_log WHERE id = ${entry.id}`, {
    type: QueryTypes.SELECT,
  });
  expect(row!.action).toBe('test.entry');
});

test('every action on a person writes an audit entry naming the operator, the target and the change', async () => {
  const email = `a-${uid()}@thu.vn`;
  await op.submit(D, '/admin/nguoi-dung/moi', '/admin/nguoi-dung/moi', {
    email,
    fullName: 'Người Được Ghi',
    unit: '',
    phone: '',
  });
  const person = (await Person.findOne({ where: { email } }))!;
  const page = `/admin/nguoi-dung/${person.id}`;
  await op.submit(D, page, `${page}/sua`, { fullName: 'Người Đã Sửa', unit: 'Sở A', phone: '0912000000' });
  // Locking asks first, on a page of its own; nothing happens until it is confirmed.
  const asked = await op.submit(D, page, `${page}/khoa`, {});
  expect(asked.status).toBe(200);
  expect(asked.text).toContain('Khóa tài khoản: Người Đã Sửa');
  expect(asked.text).toContain('name="confirm" value="1"');
  expect((await Person.findByPk(person.id))!.status).toBe('active');
  await op.submit(D, page, `${page}/khoa`, { confirm: '1' });
  expect((await Person.findByPk(person.id))!.status).toBe('locked');
  await op.submit(D, page, `${page}/mo-khoa`, {});
  await op.submit(D, page, `${page}/dat-lai-mat-khau`, { confirm: '1' });
  await op.submit(D, page, `${page}/dat-lai-xac-thuc`, { confirm: '1' });
  await op.submit(D, page, `${page}/vo-hieu`, { confirm: '1' });
  const entries = await AuditEntry.findAll({
    where: { targetType: 'person', targetId: String(person.id) },
    order: [['id', 'ASC']],
  });
  expect(entries.map((e) => e.action)).toEqual([
    'person.create',
    'person.update',
    'person.lock',
    'person.unlock',
    'person.resetPassword',
    'person.resetTwoFactor',
    'person.disable',
  ]);
  expect(entries.every((e) => e.actorEmail === `vanhanh@${D}` && e.ip)).toBe(true);
  expect(entries[1]!.summary).toMatchObject({
    before: { fullName: 'Người Được Ghi' },
    after: { fullName: 'Người Đã Sửa' },
  });
});

test('lists are searchable and paginated, and a bad search is harmless', async () => {
  const sites = await op.get(D, `/admin/trang?q=${encodeURIComponent('Minh Xuân')}`);
  expect(sites.text).toContain('Phường Minh Xuân');
  expect(sites.text).not.toContain('Sở Tài chính tỉnh');
  const people = await op.get(D, `/admin/nguoi-dung?q=${encodeURIComponent("%' OR 1=1 --")}`);
  expect(people.status).toBe(200);
  expect(people.text).toContain('Không có ai khớp.');
  const audit = await op.get(D, '/admin/nhat-ky?from=2026-13-45&action=x%27%3B');
  expect(audit.status).toBe(200);
});

test('the site form reports every problem at once, over-long text included, and keeps what was typed', async () => {
  const _csrf = await op.csrf(D, '/admin/trang/moi');
  const res = await op.postMultipart(
    D,
    '/admin/trang/moi',
    {
      _csrf,
      slug: 'Có Dấu',
      nameVi: 'Tên trang đã nhập',
      nameEn: 'x'.repeat(230),
      kind: 'commune',
      theme: 'coso',
      pathPrefix: 'khong-gach',
      aliases: 'bad_host!',
      email: 'sai',
      approvalNumber: '',
      approvalDate: '',
    },
    {},
  );
  expect(res.status).toBe(422);
  for (const msg of [
    'chữ thường không dấu',
    'tối đa 200 ký tự',
    'bắt đầu bằng',
    'tên miền hợp lệ',
    'e-mail không hợp lệ',
    'số quyết định',
    'Đính kèm tệp quyết định',
  ]) {
    expect(res.text).toContain(msg);
  }
  expect(res.text).toContain('value="Tên trang đã nhập"');
});

test('the back office menu marks the current screen', async () => {
  const res = await op.get(D, '/admin/trang');
  expect(res.text).toMatch(/<a href="\/admin\/trang" aria-current="page">/);
  const home = await op.get(D, '/admin');
  expect(home.text).toMatch(/<a href="\/admin" aria-current="page">/);
});

test('an operator sets a site’s exceptions: self-approval and the media quota, audited', async () => {
  const mx = p.registry.all().find((s) => s.slug === 'minhxuan')!;
  const res = await op.submit(D, `/admin/trang/${mx.id}`, `/admin/trang/${mx.id}/chinh-sach`, {
    selfApproval: 'on',
    mediaQuotaMb: '500',
  });
  expect(res.status).toBe(303);
  const t = (await Tenant.findByPk(mx.id))!;
  expect(t.selfApproval).toBe(true);
  expect(t.mediaQuotaBytes).toBe(500 * 1024 * 1024);
  await op.submit(D, `/admin/trang/${mx.id}`, `/admin/trang/${mx.id}/chinh-sach`, { mediaQuotaMb: '2048' });
  expect((await Tenant.findByPk(mx.id))!.selfApproval).toBe(false);
  expect(await AuditEntry.count({ where: { action: 'site.policies', tenantId: mx.id } })).toBe(2);
  const tooSmall = await op.submit(D, `/admin/trang/${mx.id}`, `/admin/trang/${mx.id}/chinh-sach`, {
    mediaQuotaMb: '1',
  });
  expect(tooSmall.status).toBe(303);
  expect((await Tenant.findByPk(mx.id))!.mediaQuotaBytes).toBe(2048 * 1024 * 1024);
});
