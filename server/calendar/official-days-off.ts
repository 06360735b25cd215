// The days off that the Labour Code (2019, Art 112) gives civil servants in a year, by rule:
// 1/1; Tết — the lunar new year's eve and the first four days of the year; Hùng Kings' day
// (10/3 lunar); 30/4; 1/5; 2/9 and one adjacent day. A holiday on a Saturday or Sunday gives a
// substitute day off on the next working day. The government's yearly decisions (swaps, another
// adjacent day) are entered by operators on top of this; the rule only seeds the calendar.
// The lunar dates come from `date-holidays`.
import Holidays from 'date-holidays';

export interface DayOff {
  day: string; // YYYY-MM-DD
  name: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const isWeekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;

function lunarDates(year: number) {
  const hd = new Holidays('VN');
  const find = (re: RegExp) => {
    const h = hd.getHolidays(year).find((x) => re.test(x.name));
    if (!h) throw new Error(`date-holidays has no ${re} in ${year}`);
    return utc(Number(h.date.slice(0, 4)), Number(h.date.slice(5, 7)), Number(h.date.slice(8, 10)));
  };
  return { tet: find(/^Tết Nguyên Đán$/), hungKings: find(/Hùng Vương/) };
}

/** 2/9 and the adjacent day that joins the holiday to a weekend where it can. */
function nationalDay(year: number): Date[] {
  const d = utc(year, 9, 2);
  const wd = d.getUTCDay(); // 0 Sun … 6 Sat
  const adjacent = wd === 2 || wd === 6 ? addDays(d, -1) : addDays(d, 1); // Tue→Mon, Sat→Fri; else the next day
  return [d, adjacent].sort((a, b) => a.getTime() - b.getTime());
}

export function officialDaysOff(year: number): DayOff[] {
  const { tet, hungKings } = lunarDates(year);
  const holidays: DayOff[] = [
    { day: iso(utc(year, 1, 1)), name: 'Tết Dương lịch' },
    ...[-1, 0, 1, 2, 3].map((n) => ({
      day: iso(addDays(tet, n)),
      name: n === -1 ? 'Tết Nguyên đán (giao thừa)' : `Tết Nguyên đán (mùng ${n + 1})`,
    })),
    { day: iso(hungKings), name: 'Giỗ Tổ Hùng Vương' },
    { day: iso(utc(year, 4, 30)), name: 'Ngày Giải phóng miền Nam' },
    { day: iso(utc(year, 5, 1)), name: 'Ngày Quốc tế Lao động' },
    ...nationalDay(year).map((d) => ({ day: iso(d), name: 'Quốc khánh' })),
  ];
  // Substitute days: each holiday on a weekend moves to the next day that is neither a weekend
  // nor a holiday nor already a substitute.
  const taken = new Set(holidays.map((h) => h.day));
  const out = [...holidays];
  for (const h of holidays) {
    const d = utc(Number(h.day.slice(0, 4)), Number(h.day.slice(5, 7)), Number(h.day.slice(8, 10)));
    if (!isWeekend(d)) continue;
    let sub = addDays(d, 1);
    while (isWeekend(sub) || taken.has(iso(sub))) sub = addDays(sub, 1);
    taken.add(iso(sub));
    out.push({ day: iso(sub), name: `Nghỉ bù ${h.name}` });
  }
  return out
    .filter((h, i, all) => all.findIndex((x) => x.day === h.day) === i)
    .sort((a, b) => a.day.localeCompare(b.day));
}
