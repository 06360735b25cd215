// Report periods, in Vietnam days: a half-year (the 6-month report, Art 11.8), a year (Art 15.3,
// 17.8) or any range. SQL bounds are the Vietnam midnights that open and close the period.
import { vnDay } from '../calendar/working-calendar';
import type { Period } from './report-export.model';

// Declared with the export jobs that store it, so that the data layer imports no service.
export type { Period };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string) => DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const fmt = (d: string) => d.split('-').reverse().join('/');

export function presetPeriod(preset: string): Period | null {
  const m = /^(h1|h2|y)-(\d{4})$/.exec(preset);
  if (!m) return null;
  const year = Number(m[2]);
  if (year < 2000 || year > 2100) return null;
  if (m[1] === 'h1') return { from: `${year}-01-01`, to: `${year}-06-30`, label: `6 tháng đầu năm ${year}`, preset };
  if (m[1] === 'h2') return { from: `${year}-07-01`, to: `${year}-12-31`, label: `6 tháng cuối năm ${year}`, preset };
  return { from: `${year}-01-01`, to: `${year}-12-31`, label: `năm ${year}`, preset };
}

/** The half-year that contains the day. */
export function currentHalf(now = new Date()): Period {
  const day = vnDay(now);
  return presetPeriod(`${Number(day.slice(5, 7)) <= 6 ? 'h1' : 'h2'}-${day.slice(0, 4)}`)!;
}

/** Reads a period from a query: a preset, or from/to; an impossible one is an error message. */
export function parsePeriod(q: { period?: unknown; from?: unknown; to?: unknown }, now = new Date()): Period | string {
  const preset = typeof q.period === 'string' ? q.period : '';
  if (preset && preset !== 'custom') return presetPeriod(preset) ?? 'Kỳ báo cáo không hợp lệ';
  const from = typeof q.from === 'string' ? q.from : '';
  const to = typeof q.to === 'string' ? q.to : '';
  if (!from && !to) return currentHalf(now);
  if (!validDay(from) || !validDay(to)) return 'Ngày không hợp lệ (YYYY-MM-DD)';
  if (from > to) return 'Ngày bắt đầu phải trước ngày kết thúc';
  if (Date.parse(to) - Date.parse(from) > 5 * 366 * 86400_000) return 'Kỳ báo cáo tối đa 5 năm';
  return { from, to, label: `từ ${fmt(from)} đến ${fmt(to)}`, preset: 'custom' };
}

/** The presets of this year and last (or of the chosen period's year), as options of a select. */
export function presetOptions(chosen: Period, now = new Date()) {
  const year = Math.max(Number(chosen.to.slice(0, 4)), Number(currentHalf(now).to.slice(0, 4)));
  return [year, year - 1]
    .flatMap((y) => [`h1-${y}`, `h2-${y}`, `y-${y}`].map((p) => presetPeriod(p)!))
    .map((p) => ({
      value: p.preset,
      label: p.label.replace(/^./, (c) => c.toUpperCase()),
      selected: p.preset === chosen.preset,
    }));
}
