// The editorial flow through the back office's forms, as the "Done when" describes it:
// a contributor writes and submits, the approver returns it with a comment, the contributor
// fixes and resubmits, the approver schedules it, and it appears at its time with author and source.
import { publishDueItems } from '../../server/content/content.service';
import { Item } from '../../server/content/item.model';
import { Category } from '../../server/content/category.model';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
const MX = '/phuong-minh-xuan/admin';
let ctv: Browser;
let approver: Browser;

beforeAll(async () => {
  p = await startTestPlatform();
  ctv = new Browser(p.server);
  approver = new Browser(p.server);
  expect((await ctv.signIn(D, `ctv.minhxuan@${D}`, DEMO_PASSWORD, { base: MX })).status).toBe(303);
  expect((await approver.signIn(D, `duyet.minhxuan@${D}`, DEMO_PASSWORD, { base: MX })).status).toBe(303);
});
afterAll(() => p.close());

const idFrom = (location: string) => Number(/tin-bai\/(\d+)/.exec(location)![1]);

test('contributor writes, approver returns, contributor fixes, approver schedules, it appears on time with author and source', async () => {
  const title = `Phường Minh Xuân ra quân làm sạch môi trường ${uid()}`;
  const created = await ctv.submit(D, `${MX}/tin-bai/moi?loai=article`, `${MX}/tin-bai/moi?loai=article`, {
    title,
    summary: 'Hàng trăm người dân tham gia.',
    body: '<p>Sáng Chủ nhật, <strong>đông đảo</strong> người dân…</p><script>alert(1)</script>',
    author: 'Nguyễn Thị Hoa',
    source: 'UBND phường Minh Xuân',
    deadlineClass: 'news',
  });
  expect(created.status).toBe(303);
  const id = idFrom(created.headers.location);
  const page = `${MX}/tin-bai/${id}`;
  expect((await ctv.submit(D, page, `${page}/buoc/submit`, {})).status).toBe(303);
  // The contributor cannot approve their own submission.
  expect((await ctv.submit(D, page, `${page}/buoc/approve`, {})).status).toBe(403);

  const queue = await approver.get(D, `${MX}/cho-duyet`);
  expect(queue.text).toContain(title);
  // The author may take it back; the approver returns it with a reason instead.
  expect((await ctv.get(D, page)).text).toContain('Rút lại để sửa');
  expect((await approver.get(D, page)).text).not.toContain('Rút lại để sửa');
  const returned = await approver.submit(D, page, `${page}/buoc/return`, { comment: 'Bổ sung số người tham gia' });
  expect(returned.status).toBe(303);
  const seen = await ctv.get(D, page);
  expect(seen.text).toContain('Bổ sung số người tham gia');
  expect(seen.text).toContain('Bị trả lại');

  const fixed = `${title} với 300 người`;
  expect(
    (
      await ctv.submit(D, page, page, {
        title: fixed,
        summary: 'Khoảng 300 người dân tham gia.',
        body: '<p>Sáng Chủ nhật…</p>',
        author: 'Nguyễn Thị Hoa',
        source: 'UBND phường Minh Xuân',
        deadlineClass: 'news',
      })
    ).status,
  ).toBe(303);
  expect((await ctv.submit(D, page, `${page}/buoc/submit`, {})).status).toBe(303);

  const when = new Date(Date.now() + 2 * 3600_000 + 7 * 3600_000).toISOString().slice(0, 16); // Vietnam local time, in 2 hours
  expect((await approver.submit(D, page, `${page}/buoc/approve`, { publishAt: when })).status).toBe(303);
  const item = (await Item.findByPk(id))!;
  expect(item.reviewState).toBe('scheduled');
  expect((await p.get(D, `/phuong-minh-xuan/tin-tuc/${item.slug}`)).status).toBe(404);

  await Item.update({ scheduledAt: new Date(Date.now() - 1000) }, { where: { id } }); // the time comes
  await publishDueItems({ sequelize: p.sequelize, cache: p.cache });
  const pub = await p.get(D, `/phuong-minh-xuan/tin-tuc/${item.slug}`);
  expect(pub.status).toBe(200);
  expect(pub.text).toContain('với 300 người');
  expect(pub.text).toContain('Nguyễn Thị Hoa');
  expect(pub.text).toContain('UBND phường Minh Xuân');
  expect(pub.text).not.toContain('alert(1)');
  // It is on the ward's news list and home, and nowhere else.
  expect((await p.get(D, '/phuong-minh-xuan/tin-tuc')).text).toContain(fixed);
  expect((await p.get(D, '/phuong-minh-xuan')).text).toContain(fixed);
  expect((await p.get(`stc.${D}`, '/tin-tuc')).text).not.toContain(fixed);
  expect((await approver.get(D, page)).text).toMatch(/Đã đăng lúc \d/);
  // Taken down: the back office says so, and when it was first published.
  expect((await approver.submit(D, page, `${page}/buoc/unpublish`, {})).status).toBe(303);
  const down = await approver.get(D, page);
  expect(down.text).toContain('(đăng lần đầu lúc ');
  expect(down.text).not.toMatch(/Chưa đăng lúc|Gỡ xuống lúc/);
  expect((await p.get(D, `/phuong-minh-xuan/tin-tuc/${item.slug}`)).status).toBe(404);
});

test('a legal document and an investment project go through the same review, and show whether they met the deadline', async () => {
  const legal = await ctv.submit(D, `${MX}/tin-bai/moi?loai=legal_document`, `${MX}/tin-bai/moi?loai=legal_document`, {
    title: `Quyết định về quy chế dân chủ ở cơ sở ${uid()}`,
    author: 'Văn phòng UBND phường',
    source: 'UBND phường Minh Xuân',
    receivedAt: '2026-01-05T08:00',
    deadlineClass: 'legal',
    'data.number': '12/QĐ-UBND',
    'data.form': 'quyet-dinh',
    'data.issuingBody': 'UBND phường Minh Xuân',
    'data.signer': 'Chủ tịch UBND phường',
    'data.issuedOn': '2026-01-02',
    'data.effectiveOn': '2026-01-15',
    'data.status': 'in_force',
  });
  expect(legal.status).toBe(303);
  const lid = idFrom(legal.headers.location);
  await ctv.submit(D, `${MX}/tin-bai/${lid}`, `${MX}/tin-bai/${lid}/buoc/submit`, {});
  await approver.submit(D, `${MX}/tin-bai/${lid}`, `${MX}/tin-bai/${lid}/buoc/approve`, {});
  const doc = (await Item.findByPk(lid))!;
  expect(doc.publishedLate).toBe(true); // received in January: 7 working days passed long ago
  const docPage = await p.get(D, `/phuong-minh-xuan/van-ban/${doc.slug}`);
  expect(docPage.status).toBe(200);
  expect(docPage.text).toContain('12/QĐ-UBND');
  expect(docPage.text).toContain('Quyết định');
  expect(docPage.text).toContain('Đăng chậm so với thời hạn quy định');

  const missing = await ctv.submit(
    D,
    `${MX}/tin-bai/moi?loai=investment_project`,
    `${MX}/tin-bai/moi?loai=investment_project`,
    {
      title: `Dự án cải tạo đường ${uid()}`,
      author: 'Phòng Kinh tế',
      'data.mainObjective': 'Cải tạo 2 km đường',
      'data.budget': '15000000000',
    },
  );
  expect(missing.status).toBe(422);
  expect(missing.text).toContain('Lĩnh vực: bắt buộc');
  expect(missing.text).toContain('Nhà tài trợ: bắt buộc');
  expect(missing.text).toContain('Cải tạo 2 km đường'); // what was typed is kept

  const project = await ctv.submit(
    D,
    `${MX}/tin-bai/moi?loai=investment_project`,
    `${MX}/tin-bai/moi?loai=investment_project`,
    {
      title: `Dự án cải tạo đường tổ 5 ${uid()}`,
      author: 'Phòng Kinh tế',
      deadlineClass: 'investment',
      'data.mainObjective': 'Cải tạo 2 km đường',
      'data.field': 'Giao thông',
      'data.projectType': 'Nhóm C',
      'data.duration': '2026–2027',
      'data.budget': '15000000000',
      'data.fundingType': 'Ngân sách tỉnh',
      'data.donor': 'Không',
      'data.status': 'in_progress',
    },
  );
  expect(project.status).toBe(303);
  const pid = idFrom(project.headers.location);
  await ctv.submit(D, `${MX}/tin-bai/${pid}`, `${MX}/tin-bai/${pid}/buoc/submit`, {});
  await approver.submit(D, `${MX}/tin-bai/${pid}`, `${MX}/tin-bai/${pid}/buoc/approve`, {});
  const proj = (await Item.findByPk(pid))!;
  expect(proj.publishedLate).toBe(false);
  const projPage = await p.get(D, `/phuong-minh-xuan/du-an/${proj.slug}`);
  expect(projPage.text).toContain('15.000.000.000 đồng');
  expect(projPage.text).toContain('Đang thực hiện');
  expect(projPage.text).toContain('Đăng đúng thời hạn quy định');
});

test('the item list filters by kind and state, and another site’s items are not reachable', async () => {
  const list = await approver.get(D, `${MX}/tin-bai?kind=legal_document`);
  expect(list.status).toBe(200);
  expect(list.text).toContain('Quyết định về quy chế dân chủ');
  expect(list.text).not.toContain('Dự án cải tạo đường tổ 5');
  const stcItem = await Item.findOne({
    where: { tenantId: p.registry.all().find((s) => s.slug === 'stc')!.id, publication: 'published' },
  });
  expect((await approver.get(D, `${MX}/tin-bai/${stcItem!.id}`)).status).toBe(404);
  expect((await approver.submit(D, `${MX}/tin-bai`, `${MX}/tin-bai/${stcItem!.id}/buoc/unpublish`, {})).status).toBe(
    404,
  );
  expect((await Item.findByPk(stcItem!.id))!.publication).toBe('published');
});

test('saving an item again keeps its reception time: the form shows and reads Vietnam time, whatever the server zone', async () => {
  const created = await ctv.submit(D, `${MX}/tin-bai/moi?loai=announcement`, `${MX}/tin-bai/moi?loai=announcement`, {
    title: `Thông báo múi giờ ${uid()}`,
    author: 'Văn phòng',
    receivedAt: '2026-11-20T09:30',
    deadlineClass: 'administrative',
  });
  const id = idFrom(created.headers.location);
  const item = (await Item.findByPk(id))!;
  expect(item.receivedAt.toISOString()).toBe('2026-11-20T02:30:00.000Z');
  const page = await ctv.get(D, `${MX}/tin-bai/${id}`);
  const shown = /id="receivedAt" name="receivedAt" type="datetime-local" value="([^"]+)"/.exec(page.text)![1]!;
  expect(shown).toBe('2026-11-20T09:30');
  // Save as a person would: the form as it was, with a change to the text.
  const saved = await ctv.submit(D, `${MX}/tin-bai/${id}`, `${MX}/tin-bai/${id}`, {
    title: item.title,
    summary: 'Đã sửa',
    author: 'Văn phòng',
    receivedAt: shown,
    deadlineClass: 'administrative',
  });
  expect(saved.status).toBe(303);
  expect((await Item.findByPk(id))!.receivedAt.toISOString()).toBe('2026-11-20T02:30:00.000Z');
});

test('the item list filters by category', async () => {
  const mx = p.registry.all().find((s) => s.slug === 'minhxuan')!;
  const list = await approver.get(D, `${MX}/tin-bai`);
  expect(list.text).toContain('<label for="category">Chuyên mục</label>');
  const news = (await Category.findOne({ where: { tenantId: mx.id, slug: 'tin-tuc-su-kien' } }))!;
  const filtered = await approver.get(D, `${MX}/tin-bai?category=${news.id}`);
  expect(filtered.text).toContain('Phường Minh Xuân triển khai nhiệm vụ chuyển đổi số');
  expect(filtered.text).not.toContain('Quyết định về quy chế dân chủ');
});

test('an item written without revisions (the demo) opens for editing with its content, and previews', async () => {
  const mx = p.registry.all().find((s) => s.slug === 'minhxuan')!;
  // The demo's first news of the ward (other test files add items of their own to the same site).
  const seeded = (await Item.findOne({
    where: { tenantId: mx.id, title: 'Phường Minh Xuân triển khai nhiệm vụ chuyển đổi số năm 2026' },
  }))!;
  expect([seeded.liveRevisionId, seeded.workingRevisionId, seeded.author]).toEqual([null, null, 'Ban Biên tập']);
  const form = await approver.get(D, `${MX}/tin-bai/${seeded.id}`);
  expect(form.status).toBe(200);
  expect(form.text).toContain(`value="${seeded.title}"`);
  expect(form.text).toContain(`value="${seeded.author}"`);
  const preview = await approver.get(D, `${MX}/tin-bai/${seeded.id}/xem-truoc`);
  expect(preview.status).toBe(200);
  expect(preview.text).toContain(`[Xem trước] ${seeded.title}`);
});
