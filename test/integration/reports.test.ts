// The central report, checked figure by figure against a fixture worked out by hand: items on
// both sides of the half-year's boundaries in Vietnam time (UTC dates differ), on time, late and
// without a deadline; agencies' submissions; citizens' questions; visits. Then who may see it.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { QueryTypes } from 'sequelize';
import supertest from 'supertest';
import type { Actor } from '../../server/auth/access';
import { Item } from '../../server/content/item.model';
import { Submission } from '../../server/content/submission.model';
import { Participation } from '../../server/participation/participation.model';
import { newTrackingCode } from '../../server/participation/participation.service';
import { presetPeriod } from '../../server/reports/period';
import { buildReport } from '../../server/reports/report.service';
import { exportFor, requestExport, runExport } from '../../server/reports/export.service';
import { ReportExport } from '../../server/reports/report-export.model';
import { PrivateFiles } from '../../server/media/private-files';
import type { Site } from '../../tenants/tenant.types';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { actingAs, startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const u = uid();
const D = 'tuyenquang.localhost';
let A: Site;
/** A central reader: the reports below read every site. */
let central: Actor;
let B: Site;
const vn = (s: string) => new Date(`${s}+07:00`);
const HOUR = 3600_000;

beforeAll(async () => {
  p = await startTestPlatform();
  central = (await actingAs('reporter')).actor;
  const mk = (slug: string, kind: 'commune' | 'ward') =>
    p.newSite({ slug: `${slug}-${u}`, nameVi: `${kind === 'commune' ? 'Xã' : 'Phường'} Báo Cáo ${slug} ${u}`, kind });
  A = await mk('bc-a', 'commune');
  B = await mk('bc-b', 'ward');
  const item = (site: Site, slug: string, f: Partial<Item>) =>
    Item.create({
      tenantId: site.id,
      kind: 'article',
      slug: `${slug}-${u}`,
      title: `Mục ${slug} ${u}`,
      summary: null,
      body: null,
      author: null,
      source: null,
      publication: 'published',
      publishedAt: null,
      ...f,
    } as never);
  // Site A (commune).
  await item(A, 'a1', {
    publishedAt: vn('2026-01-01T00:30:00'), // 2025-12-31 in UTC: still the first half of 2026 here
    submittedAt: vn('2025-12-31T22:30:00'), // 2 hours of moderation
    publishedLate: false,
  });
  await item(A, 'a2', {
    publishedAt: vn('2026-06-30T23:30:00'),
    submittedAt: vn('2026-06-30T13:30:00'), // 10 hours
    publishedLate: true,
  });
  await item(A, 'a3', { publishedAt: vn('2026-07-01T00:10:00'), publishedLate: true }); // 06-30 in UTC: second half
  await item(A, 'a4', { publishedAt: vn('2025-12-31T23:50:00'), publishedLate: true }); // 2025
  await item(A, 'a5', {
    publication: 'unpublished',
    publishedAt: null,
    dueAt: new Date(Date.now() - 24 * HOUR),
    receivedAt: new Date(Date.now() - 72 * HOUR),
  }); // overdue now
  await item(A, 'a6', { publication: 'unpublished', publishedAt: null, dueAt: new Date(Date.now() + 24 * HOUR) });
  // Site B (ward).
  await item(B, 'b1', {
    kind: 'legal_document',
    publishedAt: vn('2026-03-15T10:00:00'),
    submittedAt: vn('2026-03-15T06:00:00'), // 4 hours
    publishedLate: false,
  });
  await item(B, 'b2', { publishedAt: vn('2026-03-20T10:00:00'), publishedLate: null }); // no deadline
  // Agencies' submissions to A: one on time, one late; one in the second half.
  const sub = (at: string, late: boolean) =>
    Submission.create({
      tenantId: A.id,
      submittedBy: null,
      provider: 'Phòng Văn hóa',
      kind: 'event_news',
      title: `Hồ sơ ${u}`,
      note: null,
      occurredAt: vn(at),
      receivedAt: vn(at),
      providerDueAt: vn(at),
      providerLate: late,
      mediaId: null,
      itemId: null,
      handledBy: null,
      handledAt: null,
    });
  await sub('2026-02-10T09:00:00', false);
  await sub('2026-04-10T09:00:00', true);
  await sub('2026-08-10T09:00:00', true);
  // Citizens.
  const ask = (site: Site, kind: 'question' | 'feedback', at: string, f: Partial<Participation>) =>
    Participation.create({
      tenantId: site.id,
      kind,
      itemId: null,
      trackingCode: newTrackingCode(),
      senderName: 'A',
      senderEmail: 'a@b.vn',
      senderPhone: null,
      senderAddress: null,
      subject: 'Câu hỏi',
      content: 'Nội dung câu hỏi',
      attachmentKey: null,
      attachmentName: null,
      attachmentMime: null,
      routedFrom: null,
      answer: null,
      answeredBy: null,
      answeredAt: null,
      rejectReason: null,
      handledBy: null,
      handledAt: null,
      createdAt: vn(at),
      ...f,
    } as never);
  await ask(A, 'question', '2026-02-01T08:00:00', {
    status: 'published',
    answer: 'Trả lời',
    answeredAt: vn('2026-02-03T08:00:00'),
  });
  await ask(A, 'question', '2026-05-01T08:00:00', {});
  await ask(B, 'feedback', '2026-04-01T08:00:00', { status: 'rejected', rejectReason: 'Không thuộc thẩm quyền' });
  // Royalties on A's items: one in each half-year, one of them paid.
  await p.sequelize.query(
    `INSERT INTO royalty_entries (tenant_id, item_id, person_name, role, genre_code, coefficient, share, base_salary,
                                  unit_value, amount, published_on, due_on, paid_at)
     SELECT :a, id, 'Tác giả ' || slug, 'author', 'tin', 5, 1, 2340000, 234000, 1170000,
            (published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, (published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 60,
            CASE WHEN slug LIKE 'a1-%' THEN now() END
       FROM items WHERE tenant_id = :a AND slug IN (:a1, :a3)`,
    { replacements: { a: A.id, a1: `a1-${u}`, a3: `a3-${u}` }, type: QueryTypes.INSERT },
  );
  // Visits.
  await p.sequelize.query(
    `INSERT INTO visit_days (tenant_id, day, count) VALUES (:a, '2026-01-01', 10), (:a, '2026-06-30', 5), (:a, '2026-07-01', 100);
     INSERT INTO visit_pages (tenant_id, day, path, count) VALUES (:a, '2026-01-01', :path, 7), (:a, '2026-07-01', :path, 50);`,
    { replacements: { a: A.id, path: `/tin-tuc/a1-${u}` }, type: QueryTypes.INSERT },
  );
});
afterAll(() => p.close());

const sitesOf = () => p.registry.all().map((s) => ({ id: s.id, name: s.nameVi, kind: s.kind }));

test('the first half of 2026, figure by figure', async () => {
  const r = await buildReport(p.sequelize, central, presetPeriod('h1-2026')!, { siteIds: [A.id, B.id] }, sitesOf());
  expect(r.totals).toEqual({
    sites: 2,
    published: 4,
    onTime: 2,
    late: 1,
    rate: 2 / 3,
    providerReceived: 2,
    providerLate: 1,
    providerRate: 0.5,
    overdue: 1,
    questions: 3,
    answered: 1,
    pending: 1,
    consultations: 0,
    comments: 0,
    visits: 15,
  });
  // Ranked by compliance: B (100 %) before A (50 %).
  expect(r.sites.map((s) => [s.id, s.published, s.onTime, s.late, s.rate])).toEqual([
    [B.id, 2, 1, 0, 1],
    [A.id, 2, 1, 1, 0.5],
  ]);
  expect(r.sites.find((s) => s.id === A.id)).toMatchObject({ overdue: 1, providerReceived: 2, providerLate: 1 });
  expect(r.monthly).toEqual([
    { month: '2026-01', published: 1, onTime: 1, late: 0 },
    { month: '2026-02', published: 0, onTime: 0, late: 0 },
    { month: '2026-03', published: 2, onTime: 1, late: 0 },
    { month: '2026-04', published: 0, onTime: 0, late: 0 },
    { month: '2026-05', published: 0, onTime: 0, late: 0 },
    { month: '2026-06', published: 1, onTime: 0, late: 1 },
  ]);
  expect(r.byKind).toEqual([
    { kind: 'article', published: 3, onTime: 1, late: 1 },
    { kind: 'legal_document', published: 1, onTime: 1, late: 0 },
  ]);
  // Moderation hours 2, 4 and 10: median 4; p90 interpolates 4 + 0.8 × (10 − 4) = 8.8.
  expect(r.moderation.n).toBe(3);
  expect(r.moderation.medianHours).toBeCloseTo(4, 6);
  expect(r.moderation.p90Hours).toBeCloseTo(8.8, 6);
  expect(r.questions.byKind).toEqual([
    { kind: 'question', received: 2, answered: 1, pending: 1, rejected: 0 },
    { kind: 'feedback', received: 1, answered: 0, pending: 0, rejected: 1 },
  ]);
  expect(r.questions.medianAnswerDays).toBeCloseTo(2, 6);
  expect(r.royalties).toEqual({ entries: 1, people: 1, amount: 1_170_000, paid: 1_170_000 });
  expect(r.overdue.map((o) => o.title)).toEqual([`Mục a5 ${u}`]);
  expect(r.topItems).toEqual([
    { siteId: A.id, siteName: A.nameVi, path: `/tin-tuc/a1-${u}`, title: `Mục a1 ${u}`, views: 7 },
  ]);
});

test('the second half and a custom range see the other side of each boundary; a kind filter narrows', async () => {
  const h2 = await buildReport(p.sequelize, central, presetPeriod('h2-2026')!, { siteIds: [A.id, B.id] }, sitesOf());
  expect(h2.totals).toMatchObject({ published: 1, onTime: 0, late: 1, providerReceived: 1, visits: 100 });
  expect(h2.royalties).toEqual({ entries: 1, people: 1, amount: 1_170_000, paid: 0 });
  const y2025 = await buildReport(p.sequelize, central, presetPeriod('y-2025')!, { siteIds: [A.id] }, sitesOf());
  expect(y2025.totals.published).toBe(1);
  const custom = await buildReport(
    p.sequelize,
    central,
    { from: '2026-06-30', to: '2026-07-01', label: 'x', preset: 'custom' },
    { siteIds: [A.id, B.id] },
    sitesOf(),
  );
  expect(custom.totals).toMatchObject({ published: 2, late: 2, visits: 105 });
  const docs = await buildReport(
    p.sequelize,
    central,
    presetPeriod('h1-2026')!,
    { siteIds: [A.id, B.id], kind: 'legal_document' },
    sitesOf(),
  );
  expect(docs.totals).toMatchObject({ published: 1, onTime: 1, late: 0, overdue: 0 });
  // The most read pages narrow too (a1 is an article); questions and visits belong to no kind.
  expect(docs.topItems).toEqual([]);
  expect(docs.totals).toMatchObject({ questions: 3, visits: 15, consultations: 0 });
  const articles = await buildReport(
    p.sequelize,
    central,
    presetPeriod('h1-2026')!,
    { siteIds: [A.id, B.id], kind: 'article' },
    sitesOf(),
  );
  expect(articles.topItems.map((t) => t.path)).toEqual([`/tin-tuc/a1-${u}`]);
});

test('the reporter opens the first half of 2026 on the portal and sees which communes published late', async () => {
  const reporter = new Browser(p.server);
  await reporter.signIn(D, `baocao@${D}`, DEMO_PASSWORD);
  const res = await reporter.get(D, '/admin/bao-cao?period=h1-2026&siteKind=commune');
  expect(res.status).toBe(200);
  expect(res.text).toContain('Báo cáo 6 tháng đầu năm 2026');
  expect(res.text).toContain(`<th scope="row">${A.nameVi}</th>`);
  expect(res.text).not.toContain(`<th scope="row">${B.nameVi}</th>`); // a ward, filtered out
  expect(res.text).toMatch(new RegExp(`Trang có mục đăng chậm hoặc quá hạn:</strong>[^<]*${A.nameVi}`));
  expect(res.text).toContain('<svg class="chart"');
  // The demo's late commune is named among them; the demo's on-time communes are not.
  const late = /Trang có mục đăng chậm hoặc quá hạn:<\/strong>([^<]*)</.exec(res.text)![1]!;
  expect(late).toContain('Xã Tân Trào');
  // A kind filter says which figures it leaves whole.
  const docs = await reporter.get(D, '/admin/bao-cao?period=h1-2026&kind=legal_document');
  expect(docs.text).toContain('câu hỏi, phản ánh, lượt truy cập và nhuận bút vẫn tính cho mọi loại');
  expect(res.text).not.toContain('vẫn tính cho mọi loại');
  const wards = await reporter.get(D, '/admin/bao-cao?period=h1-2026&siteKind=ward');
  const lateWards = /Trang có mục đăng chậm hoặc quá hạn:<\/strong>([^<]*)</.exec(wards.text)![1]!;
  expect(lateWards).toContain('Phường Nông Tiến');
  // Minh Xuân published on time: 12 announcements, none late (other test files only add later items).
  const mx = /<th scope="row">Phường Minh Xuân<\/th><td>[^<]*<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(
    wards.text,
  )!;
  expect(Number(mx[2])).toBeGreaterThanOrEqual(12);
  expect(mx[3]).toBe('0');
  const print = await reporter.get(D, '/admin/bao-cao/in?period=h1-2026&siteKind=commune');
  expect(print.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  expect(print.text).toContain('Tình hình hoạt động Cổng thông tin điện tử 6 tháng đầu năm 2026');
  expect((await reporter.get(D, '/admin/bao-cao?period=h3-2026')).status).toBe(400);
  expect((await reporter.get(D, '/admin/bao-cao?period=custom&from=2026-07-01&to=2026-01-01')).status).toBe(400);
});

test("a site's administrator sees their own site only; an editor sees no report", async () => {
  const admin = new Browser(p.server);
  await admin.signIn(`stc.${D}`, `quantri.stc@${D}`, DEMO_PASSWORD);
  const own = await admin.get(`stc.${D}`, '/admin/bao-cao?period=h1-2026&site=' + A.id);
  expect(own.status).toBe(200);
  expect(own.text).toContain('Sở Tài chính');
  expect(own.text).not.toContain(A.nameVi); // the site filter is the central readers' only
  expect(own.text).toContain('<th scope="row">Sở Tài chính tỉnh Tuyên Quang</th>');
  const editor = new Browser(p.server);
  await editor.signIn(D, `bientap.minhxuan@${D}`, DEMO_PASSWORD, { base: '/phuong-minh-xuan/admin' });
  expect((await editor.get(D, '/phuong-minh-xuan/admin/bao-cao')).status).toBe(403);
});

test('the reporter exports XLSX and CSV in the background; the numbers match the database; each export is audited', async () => {
  const reporter = new Browser(p.server);
  await reporter.signIn(D, `baocao@${D}`, DEMO_PASSWORD);
  const page = '/admin/bao-cao?period=h1-2026&siteKind=commune';
  const files: Record<string, Buffer> = {};
  for (const format of ['xlsx', 'csv']) {
    const sent = await reporter.submit(D, page, '/admin/bao-cao/xuat', {
      format,
      period: 'h1-2026',
      siteKind: 'commune',
    });
    expect(sent.status).toBe(303);
    const jobPath = sent.headers.location as string;
    let status = '';
    for (let i = 0; i < 50 && !status.includes('Tải về'); i++) {
      status = (await reporter.get(D, jobPath)).text;
      if (!status.includes('Tải về')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toContain('Tải về');
    const file = await supertest(p.server)
      .get(`${jobPath}/tai`)
      .set({ host: D, cookie: reporter.cookie(D) })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    files[format] = file.body as Buffer;
  }
  // The same figures as the report built straight from the database.
  const communes = p.registry
    .all()
    .filter((s) => s.kind === 'commune' && s.status !== 'archived')
    .map((s) => s.id);
  const r = await buildReport(p.sequelize, central, presetPeriod('h1-2026')!, { siteIds: communes }, sitesOf());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(files.xlsx! as never);
  const sheet = wb.getWorksheet('Theo trang')!;
  const rowOfA = sheet.getSheetValues().find((row) => Array.isArray(row) && row[2] === A.nameVi) as unknown[];
  const siteA = r.sites.find((s) => s.id === A.id)!;
  expect(rowOfA.slice(4, 11)).toEqual([2, 1, 1, 0.5, 2, 1, 1]);
  expect(rowOfA.slice(4, 11)).toEqual([
    siteA.published,
    siteA.onTime,
    siteA.late,
    siteA.rate,
    siteA.providerReceived,
    siteA.providerLate,
    siteA.overdue,
  ]);
  expect(sheet.rowCount).toBe(r.sites.length + 1);
  const csv = files.csv!.toString('utf8');
  expect(csv.startsWith('\ufeffHạng,Trang,')).toBe(true);
  expect(csv).toContain(`,${A.nameVi},Xã,2,1,1,0.5,2,1,1,`);
  const [audits] = await p.sequelize.query(
    "SELECT action FROM audit_log WHERE action LIKE 'report.export%' AND actor_email = :e",
    { replacements: { e: `baocao@${D}` } },
  );
  expect((audits as { action: string }[]).filter((a) => a.action === 'report.export').length).toBeGreaterThanOrEqual(2);
  expect(
    (audits as { action: string }[]).filter((a) => a.action === 'report.export.download').length,
  ).toBeGreaterThanOrEqual(2);
});

test('an export runs once however many instances try; another person cannot fetch it', async () => {
  const reporter = await actingAs('reporter');
  const portal = p.registry.portal()!;
  const deps = {
    sequelize: p.sequelize,
    files: new PrivateFiles(path.join(p.config.dataDir, 'private')),
    logger: p.logger,
    sites: sitesOf,
  };
  const job = await requestExport(deps, reporter, portal.id, true, 'csv', presetPeriod('h1-2026')!, {
    siteIds: [A.id],
  });
  const ran = await Promise.all([runExport(deps, job.id), runExport(deps, job.id), runExport(deps, job.id)]);
  expect(ran.filter(Boolean)).toHaveLength(1);
  expect((await ReportExport.findByPk(job.id))!.status).toBe('done');
  const siteAdmin = await actingAs('site_admin', A.id);
  await expect(exportFor(siteAdmin, portal.id, job.id)).rejects.toMatchObject({ status: 403 });
});
