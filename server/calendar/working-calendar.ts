// Working days and due dates in Vietnam's time (UTC+7, no daylight saving). A day is a working
// day unless it is a Saturday or Sunday or a day off in the calendar — and a Saturday or Sunday
// that the calendar marks as a working day (a swap) is one.
import type { Sequelize, Transaction } from 'sequelize';
import { QueryTypes } from 'sequelize';
import type { DeadlineUnit } from '../content/deadline-class.model';

const VN_OFFSET_MS = 7 * 3600_000;

/** The calendar date (YYYY-MM-DD) of an instant in Vietnam. */
export const vnDay = (t: Date) => new Date(t.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
/** The last instant (23:59:59.999 in Vietnam) of a calendar date. */
export const endOfVnDay = (day: string) => new Date(Date.parse(`${day}T23:59:59.999+07:00`));
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// Declared with the deadline classes that store it, so that the data layer imports no service.
export type { DeadlineUnit };

export class WorkingCalendar {
  /** day -> 'day_off' | 'work_day' */
  constructor(private readonly overrides: ReadonlyMap<string, 'day_off' | 'work_day'>) {}

  isWorkingDay(day: string): boolean {
    const o = this.overrides.get(day);
    if (o) return o === 'work_day';
    const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
    return wd !== 0 && wd !== 6;
  }

  /** The working day that is the n-th after `day` (day itself not counted). */
  addWorkingDays(day: string, n: number): string {
    let d = day;
    let left = n;
    while (left > 0) {
      d = nextDay(d);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /**
   * When information received at `receivedAt` must be published: the end of the n-th working
   * day after the day of receipt, the end of the n-th calendar day, or the end of that same day.
   */
  dueAt(receivedAt: Date, unit: DeadlineUnit, amount: number): Date | null {
    const day = vnDay(receivedAt);
    switch (unit) {
      case 'none':
        return null;
      case 'same_day':
        return endOfVnDay(day);
      case 'calendar_days': {
        let d = day;
        for (let i = 0; i < amount; i++) d = nextDay(d);
        return endOfVnDay(d);
      }
      case 'working_days':
        return endOfVnDay(this.addWorkingDays(day, amount));
    }
  }
}

/** Loads the calendar's exceptions from the database. */
export async function loadCalendar(sequelize: Sequelize, transaction?: Transaction): Promise<WorkingCalendar> {
  const rows = await sequelize.query<{ day: string; kind: 'day_off' | 'work_day' }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_days`,
    {
      type: QueryTypes.SELECT,
      transaction,
    },
  );
  return new WorkingCalendar(new Map(rows.map((r) => [r.day, r.kind])));
}

/**
 * Adds the rule's days off for each given year that has no calendar rows yet. A year already in
 * the calendar is left as operators made it (a rule day they removed stays removed).
 */
export async function seedCalendar(sequelize: Sequelize, years: number[]): Promise<number> {
  let n = 0;
  for (const year of years) {
    const [row] = await sequelize.query<{ n: string }>(
      `SELECT count(*) AS n FROM calendar_days WHERE day BETWEEN :a AND :b`,
      {
        replacements: { a: `${year}-01-01`, b: `${year}-12-31` },
        type: QueryTypes.SELECT,
      },
    );
    if (Number(row?.n ?? 0) > 0) continue;
    // Loaded only when a year needs its days: the lunar calendar library is slow to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { officialDaysOff } = require('./official-days-off') as typeof import('./official-days-off');
    for (const d of officialDaysOff(year)) {
      const [, count] = await sequelize.query(
        `INSERT INTO calendar_days (day, kind, name, source) VALUES (:day, 'day_off', :name, 'rule') ON CONFLICT (day) DO NOTHING`,
        {
          replacements: { day: d.day, name: d.name },
        },
      );
      n += Number(count ?? 0);
    }
  }
  return n;
}
