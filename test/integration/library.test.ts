// The libraries of the public sites: legal documents filtered by form, issuing body, field, year and
// status; investment projects by status; consultations open or closed. Each site sees its own only.
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';
import type { Tenant } from '../../tenants/tenant.model';

let p: TestPlatform;
const u = uid();
let siteA: Tenant;
let siteB: Tenant;

const doc = (n: number, form: string, issuingBody: string, issuedOn: string, status: string) => ({
  kind: 'legal_document',
  slug: `vb-${n}-${u}`,
  title: `Trích yếu văn bản số ${n} ${u}`,
  data: { number: `${n}/QĐ-UBND`, form, issuingBody, signer: 'Chủ tịch', field: 'Tài chính', issuedOn, status },
});

beforeAll(async () => {
  p = await startTestPlatform();
  siteA = await p.createSite({
    slug: `thuvien-a-${u}`,
    kind: 'commune',
    nameVi: `Xã Thư Viện A ${u}`,
    theme: 'coso',
    primaryHost: `thuvien-a-${u}.test`,
  });
  siteB = await p.createSite({
    slug: `thuvien-b-${u}`,
    kind: 'commune',
    nameVi: `Xã Thư Viện B ${u}`,
    theme: 'coso',
    primaryHost: `thuvien-b-${u}.test`,
  });
  await p.addItem(siteA, doc(1, 'quyet-dinh', 'UBND tỉnh', '2025-03-01', 'in_force'));
  await p.addItem(siteA, doc(2, 'quyet-dinh', 'UBND xã', '2026-05-01', 'in_force'));
  await p.addItem(siteA, doc(3, 'ke-hoach', 'UBND xã', '2026-06-01', 'expired'));
  await p.addItem(siteB, doc(4, 'quyet-dinh', 'UBND tỉnh', '2026-01-01', 'in_force'));
  const project = (n: number, status: string) => ({
    kind: 'investment_project',
    slug: `da-${n}-${u}`,
    title: `Dự án ${n} ${u}`,
    data: {
      mainObjective: 'x',
      field: 'Giao thông',
      projectType: 'Nhóm B',
      duration: '2026–2028',
      budget: '120000000000',
      fundingType: 'ODA',
      donor: 'ADB',
      status,
    },
  });
  await p.addItem(siteA, project(1, 'in_progress'));
  await p.addItem(siteA, project(2, 'completed'));
  const consultation = (slug: string, closesOn: string) => ({
    kind: 'consultation',
    slug: `${slug}-${u}`,
    title: `Dự thảo ${slug} ${u}`,
    data: { opensOn: '2026-01-01', closesOn, receivingAddress: 'x', receivingEmail: 'a@b.vn' },
  });
  await p.addItem(siteA, consultation('mo', '2099-12-31'));
  await p.addItem(siteA, consultation('dong', '2026-02-01'));
});
afterAll(() => p.close());

const host = (t: Tenant) => `thuvien-${t === siteA ? 'a' : 'b'}-${u}.test`;

test('the legal documents library is a table, newest issue first, with filters that combine', async () => {
  const all = await p.get(host(siteA), '/van-ban').expect(200);
  expect(all.text).toContain('<table class="library">');
  expect(all.text).toContain('1/QĐ-UBND');
  expect(all.text).not.toContain('4/QĐ-UBND'); // the other site's
  // Newest issue date first.
  expect(all.text.indexOf('3/QĐ-UBND')).toBeLessThan(all.text.indexOf('2/QĐ-UBND'));
  expect(all.text.indexOf('2/QĐ-UBND')).toBeLessThan(all.text.indexOf('1/QĐ-UBND'));
  // Issuing bodies and years offered are the ones in use on this site.
  expect(all.text).toContain('<option value="UBND xã">');
  expect(all.text).toContain('<option value="2026">');

  const qd2026 = await p.get(host(siteA), '/van-ban?form=quyet-dinh&issuedOn=2026').expect(200);
  expect(qd2026.text).toContain('2/QĐ-UBND');
  expect(qd2026.text).not.toContain('1/QĐ-UBND');
  expect(qd2026.text).not.toContain('3/QĐ-UBND');
  expect(qd2026.text).toContain('1 mục');

  const body = await p.get(host(siteA), `/van-ban?issuingBody=${encodeURIComponent('UBND xã')}&status=expired`);
  expect(body.text).toContain('3/QĐ-UBND');
  expect(body.text).not.toContain('2/QĐ-UBND');
  // Another site's values match nothing here.
  const b = await p.get(host(siteB), '/van-ban?issuedOn=2025').expect(200);
  expect(b.text).not.toContain('1/QĐ-UBND');
});

test('a filter value that cannot be valid is a 400 in Vietnamese', async () => {
  const res = await p.get(host(siteA), '/van-ban?form=khong-co').expect(400);
  expect(res.text).toContain('Hình thức văn bản: lựa chọn không hợp lệ');
  await p.get(host(siteA), '/van-ban?issuedOn=20x6').expect(400);
  await p.get(host(siteA), "/van-ban?status=in_force'--").expect(400);
});

test('investment projects filter by status; consultations by open or closed', async () => {
  const running = await p.get(host(siteA), '/du-an?status=in_progress').expect(200);
  expect(running.text).toContain(`Dự án 1 ${u}`);
  expect(running.text).not.toContain(`Dự án 2 ${u}`);
  expect(running.text).toContain('120.000.000.000 đồng');
  const open = await p.get(host(siteA), '/lay-y-kien?state=open').expect(200);
  expect(open.text).toContain(`Dự thảo mo ${u}`);
  expect(open.text).not.toContain(`Dự thảo dong ${u}`);
  const closed = await p.get(host(siteA), '/lay-y-kien?state=closed').expect(200);
  expect(closed.text).toContain(`Dự thảo dong ${u}`);
  expect(closed.text).not.toContain(`Dự thảo mo ${u}`);
});
