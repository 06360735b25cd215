// Security review of 2026-12 (issue 15.3): the sign-in hand-over between hosts (the portal's
// /admin/sso → a site's /admin/sso/nhan?token=…) is bound to the browser that asked for it, so a
// token someone made for themselves cannot sign another browser in as them (login CSRF).
import { Person } from '../../../server/auth/person.model';
import { AuditEntry } from '../../../server/audit/audit-entry.model';
import { Browser, locationOf } from '../../support/browser';
import { personWithRole, startTestPlatform, uid, type TestPlatform } from '../../support/test-platform';
import type { Site } from '../../../tenants/tenant.types';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
let STC: string; // a site of this file, on its own host
let site: Site;
const PASSWORD = 'Mat-khau-rat-dai-2026';

beforeAll(async () => {
  p = await startTestPlatform();
  const u = uid();
  site = await p.newSite({ slug: `sso-${u}`, nameVi: `Sở Thử Chuyển tiếp ${u}`, kind: 'department' });
  STC = `sso-${u}.test`;
});
afterAll(() => p.close());

/** An editor of the site, signed in on the portal. */
async function editorOnPortal() {
  const { person } = await personWithRole('editor', site.id, { password: PASSWORD });
  const b = new Browser(p.server);
  expect((await b.signIn(D, person.email, PASSWORD)).status).toBe(303);
  return { person, b };
}

/** The hand-over as a browser starts it: the site's back office → the portal, which answers with the token's link. */
async function tokenLink(b: Browser) {
  const toPortal = locationOf(await b.get(STC, '/admin'), STC);
  expect(toPortal.host).toBe(D);
  const toSite = locationOf(await b.get(toPortal.host, toPortal.path), D);
  expect(toSite.host).toBe(STC);
  expect(toSite.path).toMatch(/^\/admin\/sso\/nhan\?token=/);
  return toSite.path;
}

/** Who the browser is signed in as on the site, or null. */
async function signedInAs(b: Browser): Promise<string | null> {
  const res = await b.get(STC, '/admin/tai-khoan');
  return res.status === 200 ? /<dt>E-mail<\/dt><dd>([^<]+)</.exec(res.text)![1]! : null;
}

test("a hand-over link made by someone for themselves does not sign another person's browser in as them", async () => {
  const attacker = await editorOnPortal();
  // The attacker starts a hand-over in their own browser but does not follow the last link:
  // they send it to the victim instead.
  const link = await tokenLink(attacker.b);
  const victim = new Browser(p.server);
  const opened = await victim.get(STC, link);
  expect(opened.status).toBe(303);
  expect(opened.headers.location).toBe('/admin/dang-nhap');
  expect(await signedInAs(victim)).toBeNull();
  const page = await victim.get(STC, '/admin/dang-nhap');
  expect(page.text).toContain('không do trình duyệt của bạn yêu cầu');
  expect(await AuditEntry.count({ where: { action: 'auth.sso.refused', targetId: String(attacker.person.id) } })).toBe(
    1,
  );

  // A victim in the middle of a hand-over of their own (their own nonce) is not fooled either.
  const other = await editorOnPortal();
  const victim2 = other.b;
  const ownLink = await tokenLink(victim2); // the victim's own, not followed yet
  const link2 = await tokenLink(attacker.b);
  expect((await victim2.get(STC, link2)).headers.location).toBe('/admin/dang-nhap');
  expect(await signedInAs(victim2)).toBeNull();
  // Their own link still works for them, as them.
  expect((await victim2.get(STC, ownLink)).status).toBe(303);
  expect(await signedInAs(victim2)).toBe(other.person.email);

  // A token asked for directly at the portal, with no state from the site's host, binds to no
  // browser: refused too.
  const direct = locationOf(await attacker.b.get(D, `/admin/sso?site=${site.id}`), D);
  expect(direct.host).toBe(STC);
  const victim3 = new Browser(p.server);
  expect((await victim3.get(STC, direct.path)).headers.location).toBe('/admin/dang-nhap');
  expect(await signedInAs(victim3)).toBeNull();
});

test('the browser that asked for the hand-over is signed in by it, once', async () => {
  const { person, b } = await editorOnPortal();
  const link = await tokenLink(b);
  const landed = await b.get(STC, link);
  expect(landed.status).toBe(303);
  expect(await signedInAs(b)).toBe(person.email);
  // Used: not again, not even by the same browser.
  const again = new Browser(p.server);
  expect((await again.get(STC, link)).status).toBe(400);
});

test('a hand-over token made before the person signed out everywhere signs nobody in', async () => {
  const { person, b } = await editorOnPortal();
  const link = await tokenLink(b);
  await new Promise((r) => setTimeout(r, 5));
  await Person.update({ sessionsValidAfter: new Date() }, { where: { id: person.id } });
  expect((await b.get(STC, link)).status).toBe(303);
  expect(await signedInAs(b)).toBeNull();
});
