// The calendar against known dates. 2026: civil servants are off from Sat 14 Feb to Sun 22 Feb
// for Tết, and Hùng Kings' day falls on Sunday 26 Apr, so Monday 27 Apr is off
// (docs/regulation.md).
import { officialDaysOff } from '../../../server/calendar/official-days-off';
import { endOfVnDay, vnDay, WorkingCalendar } from '../../../server/calendar/working-calendar';

const calendarFor = (...years: number[]) =>
  new WorkingCalendar(new Map(years.flatMap((y) => officialDaysOff(y)).map((d) => [d.day, 'day_off' as const])));

describe('official days off by rule', () => {
  test('2026: Tết 16–20 Feb, Hùng Kings substitute Mon 27 Apr, 30/4 and 1/5, 2/9 with 3/9', () => {
    const days = officialDaysOff(2026).map((d) => d.day);
    expect(days).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-04-26',
        '2026-04-27',
        '2026-04-30',
        '2026-05-01',
        '2026-09-02',
        '2026-09-03',
      ]),
    );
    expect(days).not.toContain('2026-02-23');
  });

  test('2027: Tết falls on Sat 6 Feb; its weekend days are made up on the next working days', () => {
    const days = officialDaysOff(2027).map((d) => d.day);
    // Eve Fri 5 Feb, mùng 1–4: 6 (Sat), 7 (Sun), 8, 9 Feb; substitutes Wed 10 and Thu 11 Feb.
    expect(days).toEqual(
      expect.arrayContaining([
        '2027-02-05',
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
      ]),
    );
    expect(days).not.toContain('2027-02-12');
  });

  test('2025: Tết eve Tue 28 Jan, 2/9 on Tue joined by Mon 1/9', () => {
    const days = officialDaysOff(2025).map((d) => d.day);
    expect(days).toEqual(
      expect.arrayContaining(['2025-01-28', '2025-01-29', '2025-02-01', '2025-09-01', '2025-09-02']),
    );
    // Sat 1 Feb is a Tết day: its substitute is Mon 3 Feb.
    expect(days).toContain('2025-02-03');
  });
});

describe('due dates', () => {
  const cal = calendarFor(2025, 2026, 2027);
  const at = (s: string) => new Date(s);

  test.each([
    [
      '7 working days from Thu 12 Feb 2026 jump the Tết week (Fri 13 is day 1, Mon 23 day 2)',
      '2026-02-12T09:00:00+07:00',
      'working_days',
      7,
      '2026-03-02',
    ],
    ['2 working days from Fri 13 Feb 2026', '2026-02-13T16:00:00+07:00', 'working_days', 2, '2026-02-24'],
    [
      '5 working days from Fri 24 Apr 2026 skip 27/4, 30/4 and 1/5',
      '2026-04-24T10:00:00+07:00',
      'working_days',
      5,
      '2026-05-06',
    ],
    ['2 working days from Tue 28 Apr 2026', '2026-04-28T10:00:00+07:00', 'working_days', 2, '2026-05-04'],
    [
      '2 working days from Tue 1 Sep 2026 skip 2/9 and 3/9',
      '2026-09-01T10:00:00+07:00',
      'working_days',
      2,
      '2026-09-07',
    ],
    [
      '10 working days from Mon 1 Feb 2027 skip Tết 2027',
      '2027-02-01T08:00:00+07:00',
      'working_days',
      10,
      '2027-02-22',
    ],
    [
      'received late on a Friday night in UTC terms is still Friday in Vietnam',
      '2026-03-06T16:30:00Z',
      'working_days',
      1,
      '2026-03-09',
    ],
    ['same day', '2026-05-05T08:00:00+07:00', 'same_day', 0, '2026-05-05'],
    ['15 calendar days ignore holidays', '2026-02-10T08:00:00+07:00', 'calendar_days', 15, '2026-02-25'],
  ] as const)('%s', (_name, received, unit, amount, dueDay) => {
    const due = cal.dueAt(at(received), unit, amount)!;
    expect(vnDay(due)).toBe(dueDay);
    expect(due.getTime()).toBe(endOfVnDay(dueDay).getTime());
  });

  test('news has no deadline', () => {
    expect(cal.dueAt(new Date(), 'none', 0)).toBeNull();
  });

  test('an operator-entered swap makes a Saturday a working day and a weekday a day off', () => {
    const swapped = new WorkingCalendar(
      new Map([
        ['2026-10-17', 'work_day'],
        ['2026-10-19', 'day_off'],
      ]),
    );
    expect(swapped.isWorkingDay('2026-10-17')).toBe(true);
    expect(swapped.isWorkingDay('2026-10-19')).toBe(false);
    // From Fri 16 Oct: Sat 17 (worked) is day 1, Mon 19 is off, Tue 20 is day 2.
    expect(swapped.addWorkingDays('2026-10-16', 2)).toBe('2026-10-20');
  });
});
