// Agencies hand information in (Art 6.2) and the Board turns it into items; the Board assigns
// editors to cover events (Art 11.6).
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';
import { providerDeadline } from '../../server/content/submissions.service';
import { Assignment, Submission } from '../../server/content/submission.model';
import { Item } from '../../server/content/item.model';
import { Person } from '../../server/auth/person.model';
import { vnDay } from '../../server/calendar/working-calendar';

let p: TestPlatform;
const D = 'tuyenquang.localhost';
const MX = '/phuong-minh-xuan/admin';
let ctv: Browser;
let approver: Browser;

beforeAll(async () => {
  p = await startTestPlatform();
  ctv = new Browser(p.server);
  approver = new Browser(p.server);
  await ctv.signIn(D, `ctv.minhxuan@${D}`, DEMO_PASSWORD, { base: MX });
  await approver.signIn(D, `duyet.minhxuan@${D}`, DEMO_PASSWORD, { base: MX });
});
afterAll(() => p.close());

test('the provider deadline is 24 hours after an event, 3 working days after a signing', async () => {
  const ended = new Date('2026-04-29T17:00:00+07:00');
  expect((await providerDeadline(p.sequelize, 'event_news', ended)).toISOString()).toBe(
    new Date('2026-04-30T17:00:00+07:00').toISOString(),
  );
  // Signed on Wed 29 Apr 2026: 30/4 and 1/5 are holidays, then the weekend; 3 working days end on Wed 6 May.
  expect(vnDay(await providerDeadline(p.sequelize, 'signed_document', new Date('2026-04-29T10:00:00+07:00')))).toBe(
    '2026-05-06',
  );
});

test('an agency submits; the submission records whether it came late; the approver turns it into a draft received at that time', async () => {
  const title = `Kế hoạch tổ chức Ngày hội đại đoàn kết ${uid()}`;
  const sent = await ctv.submit(D, `${MX}/ho-so`, `${MX}/ho-so`, {
    provider: 'Mặt trận Tổ quốc phường',
    kind: 'signed_document',
    title,
    occurredAt: '2026-01-05T09:00',
    note: 'Kế hoạch số 5',
  });
  expect(sent.status).toBe(303);
  const sub = (await Submission.findOne({ where: { title } }))!;
  expect(sub.providerLate).toBe(true);
  // A contributor cannot turn it into an item.
  const token = await ctv.csrf(D, `${MX}/ho-so`);
  expect((await ctv.post(D, `${MX}/ho-so/${sub.id}/tao-tin`, { _csrf: token, kind: 'announcement' })).status).toBe(403);
  const made = await approver.submit(D, `${MX}/ho-so`, `${MX}/ho-so/${sub.id}/tao-tin`, { kind: 'announcement' });
  expect(made.status).toBe(303);
  const item = (await Item.findOne({ where: { title } }))!;
  expect(item.receivedAt.toISOString()).toBe(sub.receivedAt.toISOString());
  expect(item.reviewState).toBe('draft');
  expect(item.author).toBe('Mặt trận Tổ quốc phường');
  const after = (await Submission.findByPk(sub.id))!;
  expect(after).toMatchObject({ status: 'converted', itemId: item.id });
  // Only once.
  await approver.submit(D, `${MX}/ho-so`, `${MX}/ho-so/${sub.id}/tao-tin`, { kind: 'announcement' });
  expect(await Item.count({ where: { title } })).toBe(1);
  // Another site's back office does not see it.
  const stcApprover = new Browser(p.server);
  await stcApprover.signIn(`stc.${D}`, `duyet.stc@${D}`, DEMO_PASSWORD);
  expect((await stcApprover.get(`stc.${D}`, '/admin/ho-so')).text).not.toContain(title);
  expect(
    (await stcApprover.submit(`stc.${D}`, '/admin/ho-so', `/admin/ho-so/${sub.id}/tao-tin`, { kind: 'article' }))
      .status,
  ).toBe(404);
});

test('the approver assigns a contributor of the ward to an event; someone of another site cannot be assigned', async () => {
  const event = `Hội nghị tiếp xúc cử tri ${uid()}`;
  const contributor = (await Person.findOne({ where: { email: `ctv.minhxuan@${D}` } }))!;
  const outsider = (await Person.findOne({ where: { email: `bientap.stc@${D}` } }))!;
  expect(
    (
      await approver.submit(D, `${MX}/phan-cong`, `${MX}/phan-cong`, {
        event,
        place: 'Hội trường phường',
        startsAt: '2026-12-05T08:00',
        assigneeId: String(contributor.id),
      })
    ).status,
  ).toBe(303);
  const a = (await Assignment.findOne({ where: { event } }))!;
  expect(a.assigneeId).toBe(contributor.id);
  await approver.submit(D, `${MX}/phan-cong`, `${MX}/phan-cong`, {
    event: `${event} 2`,
    startsAt: '2026-12-06T08:00',
    assigneeId: String(outsider.id),
  });
  expect(await Assignment.count({ where: { event: `${event} 2` } })).toBe(0);
  // The contributor links the item they wrote; an item of another site is refused.
  const mine = (await Item.findOne({ where: { tenantId: p.registry.all().find((s) => s.slug === 'minhxuan')!.id } }))!;
  const other = (await Item.findOne({ where: { tenantId: p.registry.all().find((s) => s.slug === 'stc')!.id } }))!;
  await ctv.submit(D, `${MX}/phan-cong`, `${MX}/phan-cong/${a.id}/tin`, { itemId: String(other.id) });
  expect((await Assignment.findByPk(a.id))!.itemId).toBeNull();
  await ctv.submit(D, `${MX}/phan-cong`, `${MX}/phan-cong/${a.id}/tin`, { itemId: String(mine.id) });
  expect((await Assignment.findByPk(a.id))!.itemId).toBe(mine.id);
  expect((await approver.get(D, `${MX}/phan-cong`)).text).toContain(event);
});
