// Operators keep the deadline rules as data: new versions of a class from a date on, and the
// government's yearly swaps in the working-day calendar; both change the due dates computed.
import { loadCalendar, vnDay } from '../../server/calendar/working-calendar';
import { DeadlineClass, deadlineClassOn } from '../../server/content/deadline-class.model';
import { AuditEntry } from '../../server/audit/audit-entry.model';
import { Browser } from '../support/browser';
import { DEMO_PASSWORD } from '../support/global-setup';
import { startTestPlatform, uid, type TestPlatform } from '../support/test-platform';

let p: TestPlatform;
let op: Browser;
const D = 'tuyenquang.localhost';

beforeAll(async () => {
  p = await startTestPlatform();
  op = new Browser(p.server);
  expect((await op.signIn(D, `vanhanh@${D}`, DEMO_PASSWORD)).status).toBe(303);
});
afterAll(() => p.close());

test('a new version of a deadline class applies from its date; the old one stays for earlier items', async () => {
  const code = `thu_${uid().replace(/[0-9]/g, 'x')}`;
  await DeadlineClass.create({
    code,
    name: 'Thử',
    unit: 'working_days',
    amount: 5,
    validFrom: '2000-01-01',
    validTo: null,
  });
  const res = await op.submit(D, '/admin/thoi-han', '/admin/thoi-han', {
    code,
    name: 'Thử (mới)',
    unit: 'working_days',
    amount: '3',
    validFrom: '2026-07-01',
  });
  expect(res.status).toBe(303);
  expect((await deadlineClassOn(code, '2026-06-30'))!.amount).toBe(5);
  expect((await deadlineClassOn(code, '2026-07-01'))!.amount).toBe(3);
  const earlier = await op.submit(D, '/admin/thoi-han', '/admin/thoi-han', {
    code,
    name: 'Sai',
    unit: 'working_days',
    amount: '1',
    validFrom: '2026-01-01',
  });
  expect(earlier.status).toBe(303);
  expect(await DeadlineClass.count({ where: { code } })).toBe(2);
  expect(await AuditEntry.count({ where: { action: 'deadlineClass.version' } })).toBeGreaterThanOrEqual(1);
});

test('a swap in the calendar moves due dates; a weekday cannot be made a "work day"', async () => {
  // Hypothetical decision for a year far away: work Saturday 2099-10-17, take Monday 2099-10-19 off.
  await op.submit(D, '/admin/lich-lam-viec?nam=2099', '/admin/lich-lam-viec', {
    day: '2099-10-17',
    kind: 'work_day',
    name: 'Làm bù theo quyết định',
  });
  await op.submit(D, '/admin/lich-lam-viec?nam=2099', '/admin/lich-lam-viec', {
    day: '2099-10-19',
    kind: 'day_off',
    name: 'Nghỉ hoán đổi',
  });
  const cal = await loadCalendar(p.sequelize);
  const due = cal.dueAt(new Date('2099-10-16T09:00:00+07:00'), 'working_days', 2)!;
  expect(vnDay(due)).toBe('2099-10-20');
  const page = await op.get(D, '/admin/lich-lam-viec?nam=2099');
  expect(page.text).toContain('Làm bù theo quyết định');
  await op.submit(D, '/admin/lich-lam-viec?nam=2099', '/admin/lich-lam-viec', {
    day: '2099-10-21',
    kind: 'work_day',
    name: 'Sai',
  });
  expect((await op.get(D, '/admin/lich-lam-viec?nam=2099')).text).not.toContain('2099-10-21');
  await op.submit(D, '/admin/lich-lam-viec?nam=2099', '/admin/lich-lam-viec/xoa', { day: '2099-10-19' });
  expect((await loadCalendar(p.sequelize)).isWorkingDay('2099-10-19')).toBe(true);
});

test('only operators and system administrators edit the rules', async () => {
  const board = new Browser(p.server);
  await board.signIn(D, `truongban@${D}`, DEMO_PASSWORD);
  expect((await board.get(D, '/admin/thoi-han')).status).toBe(403);
  const token = await board.csrf(D, '/admin/tai-khoan');
  expect(
    (await board.post(D, '/admin/lich-lam-viec', { _csrf: token, day: '2099-12-24', kind: 'day_off', name: 'x' }))
      .status,
  ).toBe(403);
});
