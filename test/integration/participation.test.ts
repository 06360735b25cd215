// Citizens' questions, feedback and comments, end to end over HTTP: the form with its challenge,
// the tracking code, moderation in the back office, the published answer; the abuse controls;
// and isolation between two sites (a commune on a path prefix, a department on its sub-domain).
import { Op } from 'sequelize';
import supertest from 'supertest';
import { Browser, locationOf } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';
import { Participation } from '../../server/participation/participation.model';
import type { Tenant } from '../../tenants/tenant.model';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
const MX = '/phuong-minh-xuan';
const STC = `stc.${D}`;
const u = uid();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

// Each test acts as its own visitor (its own IP behind the trusted proxy), so that the per-IP
// limits of one test do not spill into another, nor into a second run within the same window.
const visitor = () => new Browser(p.server, { 'x-forwarded-for': `10.${rnd()}.${rnd()}.${rnd()}` });
const rnd = () => Math.floor(Math.random() * 250) + 1;

beforeAll(async () => {
  p = await startTestPlatform({ TRUST_PROXY: 'loopback' });
});
afterAll(() => p.close());

/** Reads the form like a person: the hidden token, and the arithmetic question answered. */
function formOf(html: string) {
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  const q = /Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng/i.exec(html);
  if (!token || !q) throw new Error('no form on the page');
  const n = (w: string) => DIGITS.indexOf(w.toLowerCase());
  return { token, answer: String(n(q[1]!) + n(q[2]!)) };
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openForm(b: Browser, host: string, path: string) {
  const res = await b.get(host, path);
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return formOf(res.text);
}

const question = (extra: Record<string, string> = {}) => ({
  senderName: 'Nguyễn Văn An',
  senderEmail: `an.${u}@thu.vn`,
  senderPhone: '0912 345 678',
  subject: `Hỏi về cấp giấy phép xây dựng ${u}`,
  content: 'Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ cần những giấy tờ gì?',
  ...extra,
});

test('a citizen asks a commune, gets a code, and sees the published answer; contact details stay private', async () => {
  const citizen = visitor();
  const form = await openForm(citizen, D, `${MX}/hoi-dap/gui`);
  await wait(2100); // forms filled faster than a person can are refused
  const sent = await citizen.postMultipart(
    D,
    `${MX}/hoi-dap/gui`,
    { ...question(), token: form.token, challenge: form.answer, website: '' },
    { attachment: { name: 'ban-ve.pdf', bytes: PDF } },
  );
  expect(sent.status).toBe(303);
  const to = locationOf(sent, D);
  expect(to.path).toMatch(new RegExp(`^${MX}/tra-cuu\\?ma=[2-9A-Z]{5}-[2-9A-Z]{5}&moi=1$`));
  const code = /ma=([^&]+)/.exec(to.path)![1]!;

  const tracked = await citizen.get(D, to.path);
  expect(tracked.status).toBe(200);
  expect(tracked.text).toContain(`<strong class="code">${code}</strong>`);
  expect(tracked.text).toContain('Đã tiếp nhận, đang xử lý');
  // Not public before moderation.
  expect((await citizen.get(D, `${MX}/hoi-dap`)).text).not.toContain(u);

  const stored = await Participation.findOne({ where: { trackingCode: code } });
  expect(stored!.attachmentMime).toBe('application/pdf');
  expect(stored!.senderPhone).toBe('0912 345 678');

  // The commune's approver answers and publishes.
  const approver = new Browser(p.server);
  await approver.signIn(D, `duyet.minhxuan@${D}`, DEMO_PASSWORD, { base: `${MX}/admin` });
  const queue = await approver.get(D, `${MX}/admin/y-kien?status=unanswered`);
  expect(queue.status).toBe(200);
  expect(queue.text).toContain(`Hỏi về cấp giấy phép xây dựng ${u}`);
  const detail = await approver.get(D, `${MX}/admin/y-kien/${stored!.id}`);
  expect(detail.text).toContain(`an.${u}@thu.vn`);
  const file = await approver.get(D, `${MX}/admin/y-kien/${stored!.id}/tep`);
  expect(file.status).toBe(200);
  expect(file.headers['content-type']).toBe('application/pdf');
  const answer = 'Hồ sơ gồm đơn đề nghị, bản vẽ thiết kế và giấy tờ về quyền sử dụng đất.';
  // Saved without publishing: the sender reads it by the code, the site does not show it.
  const saved = await approver.submit(
    D,
    `${MX}/admin/y-kien/${stored!.id}`,
    `${MX}/admin/y-kien/${stored!.id}/tra-loi`,
    { answer },
  );
  expect(saved.status).toBe(303);
  const privately = await citizen.get(D, `${MX}/tra-cuu?ma=${code}`);
  expect(privately.text).toContain('Đã trả lời (chưa công khai trên trang)');
  expect(privately.text).not.toContain('Xem trên trang công khai');
  // Staff read what the sender reads, and can list the answered ones apart from those waiting.
  const answeredQueue = await approver.get(D, `${MX}/admin/y-kien?status=answered`);
  expect(answeredQueue.text).toContain(`Hỏi về cấp giấy phép xây dựng ${u}`);
  expect(answeredQueue.text).toContain('Đã trả lời (chưa công khai trên trang)');
  expect((await approver.get(D, `${MX}/admin/y-kien?status=unanswered`)).text).not.toContain(
    `Hỏi về cấp giấy phép xây dựng ${u}`,
  );
  expect(privately.text).toContain('Hồ sơ gồm đơn đề nghị');
  expect((await citizen.get(D, `${MX}/hoi-dap`)).text).not.toContain(u);

  const answered = await approver.submit(
    D,
    `${MX}/admin/y-kien/${stored!.id}`,
    `${MX}/admin/y-kien/${stored!.id}/tra-loi`,
    { answer, publish: 'on' },
  );
  expect(answered.status).toBe(303);

  const list = await citizen.get(D, `${MX}/hoi-dap`);
  expect(list.text).toContain(`Hỏi về cấp giấy phép xây dựng ${u}`);
  const page = await citizen.get(D, `${MX}/hoi-dap/${stored!.id}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Hồ sơ gồm đơn đề nghị');
  expect(page.text).toContain('Nguyễn Văn An');
  expect(page.text).not.toContain(`an.${u}@thu.vn`);
  expect(page.text).not.toContain('0912 345 678');
  const later = await citizen.get(D, `${MX}/tra-cuu?ma=${code}`);
  expect(later.text).toContain('Đã trả lời và công khai');
  expect(later.text).toContain('Hồ sơ gồm đơn đề nghị');
  expect(later.text).toMatch(new RegExp(`<a href="[^"]*${MX}/hoi-dap/${stored!.id}">Xem trên trang công khai</a>`));
  // The code as people copy it: lower case, without its dash, with spaces.
  const typed = ` ${code.replace('-', ' ').toLowerCase()} `;
  const loose = await citizen.get(D, `${MX}/tra-cuu?ma=${encodeURIComponent(typed)}`);
  expect(loose.status).toBe(200);
  expect(loose.text).toContain('Đã trả lời và công khai');
  expect(loose.text).toContain(`value="${code}"`);

  // The other site sees none of it, whatever the id or code.
  await citizen.get(STC, `/hoi-dap/${stored!.id}`).then((r) => expect(r.status).toBe(404));
  await citizen.get(STC, `/tra-cuu?ma=${code}`).then((r) => expect(r.text).toContain('Không tìm thấy ý kiến'));
  const stcApprover = new Browser(p.server);
  await stcApprover.signIn(STC, `duyet.stc@${D}`, DEMO_PASSWORD);
  expect((await stcApprover.get(STC, `/admin/y-kien/${stored!.id}`)).status).toBe(404);
  expect((await stcApprover.get(STC, `/admin/y-kien/${stored!.id}/tep`)).status).toBe(404);
  const tampered = await stcApprover.submit(STC, '/admin/y-kien', `/admin/y-kien/${stored!.id}/tu-choi`, {
    reason: 'Thử từ chối ý kiến của trang khác',
  });
  expect(tampered.status).toBe(404);
  await stored!.reload();
  expect(stored!.status).toBe('published');
  expect(stored!.tenantId).toBe(p.registry.all().find((s) => s.slug === 'minhxuan')!.id);
});

test("a moderator takes personal details out of the published text; the sender's words stay on record", async () => {
  const citizen = visitor();
  const form = await openForm(citizen, STC, '/hoi-dap/gui');
  await wait(2100);
  const personal = `Tôi là Trần Thị Bình, CCCD 001234567890, xin hỏi thủ tục đăng ký hộ kinh doanh ${u} cần gì?`;
  const sent = await citizen.postMultipart(
    STC,
    '/hoi-dap/gui',
    { ...question({ subject: `Hộ kinh doanh ${u}`, content: personal }), token: form.token, challenge: form.answer },
    {},
  );
  expect(sent.status).toBe(303);
  const stored = (await Participation.findOne({ where: { subject: `Hộ kinh doanh ${u}` } }))!;

  const approver = new Browser(p.server);
  await approver.signIn(STC, `duyet.stc@${D}`, DEMO_PASSWORD);
  const detail = await approver.get(STC, `/admin/y-kien/${stored.id}`);
  expect(detail.text).toContain('name="publicContent"');
  expect(detail.text).toContain('001234567890'); // the sender's words, and the text to edit
  const redacted = `Xin hỏi thủ tục đăng ký hộ kinh doanh ${u} cần gì?`;
  const published = await approver.submit(STC, `/admin/y-kien/${stored.id}`, `/admin/y-kien/${stored.id}/tra-loi`, {
    answer: 'Hồ sơ gồm giấy đề nghị đăng ký hộ kinh doanh và bản sao giấy tờ pháp lý của chủ hộ.',
    publish: 'on',
    publicSubject: `Hộ kinh doanh ${u}`,
    publicContent: redacted,
  });
  expect(published.status).toBe(303);

  const page = await citizen.get(STC, `/hoi-dap/${stored.id}`);
  expect(page.text).toContain(redacted);
  expect(page.text).not.toContain('001234567890');
  expect((await citizen.get(STC, '/hoi-dap')).text).not.toContain('001234567890');
  await stored.reload();
  expect(stored.content).toBe(personal);
  expect(stored.publicContent).toBe(redacted);
  expect(stored.publicSubject).toBeNull(); // unchanged, so the sender's

  // The site search finds it by the words it shows, on this site and from the portal only.
  const found = await citizen.get(STC, `/tim-kiem?q=${encodeURIComponent(`ho kinh doanh ${u}`)}`);
  expect(found.text).toContain('Hỏi – đáp liên quan');
  expect(found.text).toContain(`/hoi-dap/${stored.id}"`);
  const byRemoved = await citizen.get(STC, '/tim-kiem?q=001234567890');
  expect(byRemoved.text).not.toContain(`/hoi-dap/${stored.id}"`);
  const fromPortal = await citizen.get(D, `/tim-kiem?q=${encodeURIComponent(`hộ kinh doanh ${u}`)}`);
  expect(fromPortal.text).toContain(`${STC}/hoi-dap/${stored.id}"`);
  const otherSite = await citizen.get(D, `${MX}/tim-kiem?q=${encodeURIComponent(`ho kinh doanh ${u}`)}`);
  expect(otherSite.status).toBe(200);
  expect(otherSite.text).not.toContain(`/hoi-dap/${stored.id}"`);

  // The public text cannot be emptied.
  const emptied = await approver.submit(STC, `/admin/y-kien/${stored.id}`, `/admin/y-kien/${stored.id}/tra-loi`, {
    answer: 'Hồ sơ gồm giấy đề nghị đăng ký hộ kinh doanh.',
    publish: 'on',
    publicSubject: `Hộ kinh doanh ${u}`,
    publicContent: '',
  });
  expect(emptied.status).toBe(303);
  expect((await approver.get(STC, emptied.headers.location!)).text).toContain('Nội dung công khai: bắt buộc');
  await stored.reload(); // nothing of that try was written
  expect(stored.publicContent).toBe(redacted);
  expect(stored.answer).toContain('bản sao giấy tờ pháp lý');
});

test('a wrong challenge answer, a filled honeypot, a missing cookie or a reused form are refused, keeping what was typed', async () => {
  const citizen = visitor();
  const form = await openForm(citizen, STC, '/phan-anh-kien-nghi/gui');
  await wait(2100);
  const wrong = String((Number(form.answer) + 1) % 19);
  const refused = await citizen.postMultipart(
    STC,
    '/phan-anh-kien-nghi/gui',
    {
      ...question({ content: `Phản ánh về thủ tục đăng ký kinh doanh ${u} mất quá nhiều thời gian.` }),
      token: form.token,
      challenge: wrong,
    },
    {},
  );
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('Câu trả lời kiểm tra chưa đúng');
  expect(refused.text).toContain(`Phản ánh về thủ tục đăng ký kinh doanh ${u}`);
  expect(refused.text).toContain('value="Nguyễn Văn An"');

  const fresh = formOf(refused.text);
  await wait(2100);
  const bot = await citizen.postMultipart(
    STC,
    '/phan-anh-kien-nghi/gui',
    { ...question(), token: fresh.token, challenge: fresh.answer, website: 'http://spam.example' },
    {},
  );
  expect(bot.status).toBe(422);

  const other = visitor(); // no cookie of the form: a page on another site cannot send it
  const noCookie = await other.postMultipart(
    STC,
    '/phan-anh-kien-nghi/gui',
    { ...question(), token: fresh.token, challenge: fresh.answer },
    {},
  );
  expect(noCookie.status).toBe(422);
  expect(noCookie.text).toContain('cookie');

  const ok = await citizen.postMultipart(
    STC,
    '/phan-anh-kien-nghi/gui',
    { ...question({ subject: `Phản ánh ${u}` }), token: fresh.token, challenge: fresh.answer },
    {},
  );
  expect(ok.status).toBe(303);
  const again = await citizen.postMultipart(
    STC,
    '/phan-anh-kien-nghi/gui',
    { ...question({ subject: `Phản ánh lặp ${u}` }), token: fresh.token, challenge: fresh.answer },
    {},
  );
  expect(again.status).toBe(422);
  expect(await Participation.count({ where: { subject: `Phản ánh lặp ${u}` } })).toBe(0);
  expect(await Participation.count({ where: { subject: `Phản ánh ${u}`, kind: 'feedback' } })).toBe(1);
});

test('bad fields and a disguised attachment are refused with reasons, and nothing is stored', async () => {
  const citizen = visitor();
  const form = await openForm(citizen, STC, '/hoi-dap/gui');
  await wait(2100);
  const res = await citizen.postMultipart(
    STC,
    '/hoi-dap/gui',
    {
      ...question({ subject: `Tệp giả ${u}`, senderEmail: '', senderPhone: '' }),
      token: form.token,
      challenge: form.answer,
    },
    {},
  );
  expect(res.status).toBe(422);
  expect(res.text).toContain('Cần ít nhất một cách liên hệ');
  const f2 = formOf(res.text);
  await wait(2100);
  const exe = await citizen.postMultipart(
    STC,
    '/hoi-dap/gui',
    { ...question({ subject: `Tệp giả ${u}` }), token: f2.token, challenge: f2.answer },
    { attachment: { name: 'don.pdf', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]) } },
  );
  expect(exe.status).toBe(422);
  expect(exe.text).toContain('Tệp đính kèm: chỉ nhận PDF');
  expect(exe.text).toContain(`Tệp giả ${u}`);
  expect(await Participation.count({ where: { subject: `Tệp giả ${u}` } })).toBe(0);
});

test('a POST from another origin is refused; the rate limit per IP answers 429', async () => {
  const citizen = visitor();
  const form = await openForm(citizen, STC, '/hoi-dap/gui');
  const cross = await supertest(p.server)
    .post('/hoi-dap/gui')
    .set({ host: STC, origin: 'http://evil.example', cookie: citizen.cookie(STC) })
    .field('token', form.token);
  expect(cross.status).toBe(403);
  expect(cross.text).toContain('Yêu cầu từ trang khác bị từ chối');

  // Posts of any kind: twenty in ten minutes.
  const flood = visitor();
  const statuses: number[] = [];
  for (let i = 0; i < 22; i++)
    statuses.push((await flood.postMultipart(STC, '/hoi-dap/gui', { subject: 'x' }, {})).status);
  expect(statuses.slice(0, 20).every((s) => s === 422)).toBe(true);
  expect(statuses.slice(20)).toEqual([429, 429]);
});

test('every mistake of a form is listed at once; past five accepted forms the sixth comes back with what was typed', async () => {
  const citizen = visitor();
  const form = await openForm(citizen, D, `${MX}/hoi-dap/gui`);
  await wait(2100);
  const all = await citizen.postMultipart(
    D,
    `${MX}/hoi-dap/gui`,
    { ...question({ senderEmail: '', senderPhone: '', content: 'Ngắn' }), token: form.token, challenge: '' },
    {},
  );
  expect(all.status).toBe(422);
  expect(all.text).toContain('Chưa trả lời câu hỏi kiểm tra');
  expect(all.text).toContain('Cần ít nhất một cách liên hệ');
  expect(all.text).toContain('id="e-content"');
  expect(all.text).toContain('autofocus');
  // Listed in the order of the form, each linked to its field; the challenge marked at its own.
  const listed = [...all.text.matchAll(/<li><a href="#p-(\w+)">/g)].map((m) => m[1]);
  expect(listed).toEqual(['senderEmail', 'content', 'challenge']);
  expect(all.text).toMatch(/id="p-challenge"[^>]*aria-invalid="true"/);

  // That mistake did not use up the limit of accepted forms: five go through, the sixth waits.
  const forms = [];
  for (let i = 0; i < 6; i++) forms.push(await openForm(citizen, D, `${MX}/hoi-dap/gui`));
  await wait(2100);
  const statuses: number[] = [];
  for (const [i, f] of forms.entries()) {
    const res = await citizen.postMultipart(
      D,
      `${MX}/hoi-dap/gui`,
      { ...question({ subject: `Giới hạn ${i} ${u}` }), token: f.token, challenge: f.answer },
      {},
    );
    statuses.push(res.status);
    if (i === 5) {
      expect(res.text).toContain('Bạn đã gửi quá nhiều lần');
      expect(res.text).toContain(`value="Giới hạn 5 ${u}"`);
      expect(res.text).toContain('name="token"'); // the form, to send again later
    }
  }
  expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
  expect(await Participation.count({ where: { subject: { [Op.like]: `Giới hạn _ ${u}` } } })).toBe(5);
});

test('comments on a consultation are taken while it is open and refused after its close date', async () => {
  const stc = p.registry.all().find((s) => s.slug === 'stc')! as unknown as Tenant;
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const open = await p.addItem(stc, {
    kind: 'consultation',
    slug: `du-thao-mo-${u}`,
    title: `Dự thảo quy định quản lý chợ ${u}`,
    data: { opensOn: '2026-01-01', closesOn: today, receivingAddress: 'Số 1', receivingEmail: 'a@b.vn' },
  });
  await p.addItem(stc, {
    kind: 'consultation',
    slug: `du-thao-dong-${u}`,
    title: `Dự thảo đã đóng ${u}`,
    data: { opensOn: '2026-01-01', closesOn: '2026-02-01', receivingAddress: 'Số 1', receivingEmail: 'a@b.vn' },
  });
  const citizen = visitor();
  const itemPage = await citizen.get(STC, `/lay-y-kien/du-thao-mo-${u}`);
  expect(itemPage.text).toContain(`/lay-y-kien/du-thao-mo-${u}/gop-y`);
  const form = await openForm(citizen, STC, `/lay-y-kien/du-thao-mo-${u}/gop-y`);
  await wait(2100);
  const sent = await citizen.postMultipart(
    STC,
    `/lay-y-kien/du-thao-mo-${u}/gop-y`,
    {
      ...question({
        subject: `Góp ý: Dự thảo quy định quản lý chợ ${u}`,
        content: 'Đề nghị bổ sung quy định về giờ họp chợ.',
      }),
      token: form.token,
      challenge: form.answer,
    },
    {},
  );
  expect(sent.status).toBe(303);
  const stored = await Participation.findOne({ where: { itemId: open.id } });
  expect(stored!.kind).toBe('comment');

  const closed = await citizen.get(STC, `/lay-y-kien/du-thao-dong-${u}`);
  expect(closed.text).toContain('không trong thời gian nhận góp ý');
  expect((await citizen.get(STC, `/lay-y-kien/du-thao-dong-${u}/gop-y`)).status).toBe(409);
  // Refused when it arrives, whatever form it came with: the close date is checked on receipt.
  const other = formOf((await citizen.get(STC, '/hoi-dap/gui')).text);
  await wait(2100);
  const late = await citizen.postMultipart(
    STC,
    `/lay-y-kien/du-thao-dong-${u}/gop-y`,
    { ...question(), token: other.token, challenge: other.answer },
    {},
  );
  expect(late.status).toBe(409);
  expect(late.text).toContain('hết hạn góp ý');
  expect(await Participation.count({ where: { kind: 'comment', senderEmail: `an.${u}@thu.vn` } })).toBe(1);
});

test('a portal question is routed by an operator to the responsible site, and the code still finds it', async () => {
  const citizen = visitor();
  const stcId = p.registry.all().find((s) => s.slug === 'stc')!.id;
  const portalId = p.registry.portal()!.id;
  const page = await citizen.get(D, '/hoi-dap/gui');
  expect(page.text).toContain('Gửi đến');
  expect(page.text).toContain(`<option value="${stcId}"`);
  const form = formOf(page.text);
  await wait(2100);
  const sent = await citizen.postMultipart(
    D,
    '/hoi-dap/gui',
    {
      ...question({ subject: `Câu hỏi gửi Cổng ${u}` }),
      target: String(portalId),
      token: form.token,
      challenge: form.answer,
    },
    {},
  );
  expect(sent.status).toBe(303);
  const code = /ma=([^&]+)/.exec(sent.headers.location as string)![1]!;
  const q = await Participation.findOne({ where: { trackingCode: code } });
  expect(q!.tenantId).toBe(portalId);

  const operator = new Browser(p.server);
  await operator.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD);
  const routed = await operator.submit(D, `/admin/y-kien/${q!.id}`, `/admin/y-kien/${q!.id}/chuyen`, {
    to: String(stcId),
  });
  expect(routed.status).toBe(303);
  await q!.reload();
  expect(q!.tenantId).toBe(stcId);
  expect(q!.routedFrom).toBe(portalId);
  // The code finds it on the portal where it was sent, and on the site that now holds it.
  expect((await citizen.get(D, `/tra-cuu?ma=${code}`)).text).toContain('Sở Tài chính');
  expect((await citizen.get(STC, `/tra-cuu?ma=${code}`)).text).toContain(`Câu hỏi gửi Cổng ${u}`);
  // Routing is the operator's; answering stays with the site's approver.
  const stcApprover = new Browser(p.server);
  await stcApprover.signIn(STC, `duyet.stc@${D}`, DEMO_PASSWORD);
  expect((await stcApprover.get(STC, `/admin/y-kien/${q!.id}`)).text).toContain('Chuyển từ');
});

test('a rating is stored with no identity; bad scores are refused', async () => {
  const citizen = visitor();
  const ok = await citizen.post(STC, '/danh-gia', { target: '/gioi-thieu', score: '5' });
  expect(ok.status).toBe(200);
  expect(ok.text).toContain('Cảm ơn bạn đã đánh giá');
  expect((await citizen.post(STC, '/danh-gia', { target: '/gioi-thieu', score: '9' })).status).toBe(400);
  expect((await citizen.post(STC, '/danh-gia', { target: '//evil.example', score: '3' })).status).toBe(400);
});
