// The rules behind deadlines, as data operators edit: the Art 7 deadline classes (a change is a
// new version valid from a date; the old version stays for items received before it) and the
// working-day calendar (the government's yearly swaps and extra days off).
// Neither is a site's data: both are the platform's, changed by operators through actions.
import { Op, type Sequelize } from 'sequelize';
import { z } from 'zod';
import type { ActionContext } from '../audit/audit.service';
import { defineAction, type ActorCtx } from '../actions/action';
import { runUncachedAction } from '../actions/run-action';
import { can } from '../auth/can.policy';
import { DeadlineClass } from '../content/deadline-class.model';
import { platformSql } from '../db/platform-data';
import { ValidationError, forbidden, notFound, parseOrThrow } from '../core/errors';

const day = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
    'Ngày không hợp lệ (YYYY-MM-DD)',
  );

const classSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z_]{2,40}$/, 'Mã: chữ thường không dấu và dấu gạch dưới'),
  name: z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'Tên: bắt buộc').max(200)),
  unit: z.enum(['working_days', 'calendar_days', 'same_day', 'none'], { message: 'Đơn vị không hợp lệ' }),
  amount: z.coerce.number().int('Số ngày: số nguyên').min(0).max(365),
  validFrom: day,
});

const refusal = (who: ActorCtx) => (can(who.actor, 'rules.manage') ? null : forbidden());
const previousDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Every version of every deadline class, each code's newest first (the operators' table). */
export function deadlineClassHistory() {
  return DeadlineClass.findAll({
    order: [
      ['code', 'ASC'],
      ['validFrom', 'DESC'],
    ],
  });
}

/** The versions in force now, one per class (what an item's form offers). */
export function currentDeadlineClasses() {
  return DeadlineClass.findAll({ where: { validTo: null }, order: [['id', 'ASC']] });
}

/** A new version of a deadline class from a date on; the version in force until then ends the day before. */
export const addDeadlineClassVersionAction = defineAction({
  name: 'deadlineClass.version',
  check: (who, _raw: Record<string, unknown>) => refusal(who),
  async execute(_who, raw, transaction) {
    const v = parseOrThrow(classSchema, raw);
    const later = await DeadlineClass.findOne({
      where: { code: v.code, validFrom: { [Op.gte]: v.validFrom } },
      transaction,
    });
    if (later)
      throw new ValidationError({ validFrom: `Đã có phiên bản áp dụng từ ${later.validFrom}; chọn ngày sau ngày đó` });
    const current = await DeadlineClass.findOne({ where: { code: v.code, validTo: null }, transaction, lock: true });
    const before = current?.get({ plain: true }) ?? null;
    if (current) await current.update({ validTo: previousDay(v.validFrom) }, { transaction });
    const created = await DeadlineClass.create({ ...v, validTo: null }, { transaction });
    return { id: created.id, before, after: v };
  },
  audit: (_who, _raw, r) => ({
    action: 'deadlineClass.version',
    targetType: 'deadlineClass',
    targetId: r.id,
    summary: { before: r.before, after: r.after },
  }),
  invalidates: () => ({}),
});

const daySchema = z.object({
  day,
  kind: z.enum(['day_off', 'work_day'], { message: 'Loại ngày không hợp lệ' }),
  name: z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'Ghi lý do (vd: Nghỉ bù theo Quyết định …)').max(200)),
});

export const setCalendarDayAction = defineAction({
  name: 'calendar.set',
  check: (who, _raw: Record<string, unknown>) => refusal(who),
  async execute(_who, raw, transaction) {
    const v = parseOrThrow(daySchema, raw);
    const wd = new Date(`${v.day}T00:00:00Z`).getUTCDay();
    if (v.kind === 'work_day' && wd !== 0 && wd !== 6)
      throw new ValidationError({ kind: 'Ngày làm việc bù chỉ đặt cho thứ Bảy hoặc Chủ nhật' });
    await platformSql.change(
      `INSERT INTO calendar_days (day, kind, name, source) VALUES (:day, :kind, :name, 'operator')
       ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = 'operator'
       RETURNING day`,
      { replacements: v, transaction },
    );
    return v;
  },
  audit: (_who, _raw, v) => ({
    action: 'calendar.set',
    targetType: 'calendarDay',
    targetId: v.day,
    summary: { after: v },
  }),
  invalidates: () => ({}),
});

export const removeCalendarDayAction = defineAction({
  name: 'calendar.remove',
  check: (who, _dayRaw: string) => refusal(who),
  async execute(_who, dayRaw, transaction) {
    const d = parseOrThrow(day, dayRaw);
    const [row] = await platformSql.change<{ kind: string; name: string }>(
      'DELETE FROM calendar_days WHERE day = :d RETURNING kind, name',
      { replacements: { d }, transaction },
    );
    if (!row) throw notFound('Ngày này không có trong lịch');
    return { day: d, before: row };
  },
  audit: (_who, _input, r) => ({
    action: 'calendar.remove',
    targetType: 'calendarDay',
    targetId: r.day,
    summary: { before: r.before },
  }),
  invalidates: () => ({}),
});

// Nothing a cached page shows: deadlines apply to items received from then on.
export const addDeadlineClassVersion = (sequelize: Sequelize, ctx: ActionContext, raw: Record<string, unknown>) =>
  runUncachedAction(sequelize, ctx, addDeadlineClassVersionAction, raw).then(() => undefined);
export const setCalendarDay = (sequelize: Sequelize, ctx: ActionContext, raw: Record<string, unknown>) =>
  runUncachedAction(sequelize, ctx, setCalendarDayAction, raw).then(() => undefined);
export const removeCalendarDay = (sequelize: Sequelize, ctx: ActionContext, dayRaw: string) =>
  runUncachedAction(sequelize, ctx, removeCalendarDayAction, dayRaw).then(() => undefined);

/** The year's days off and make-up working days, as the operators' calendar lists them. */
export async function calendarOfYear(year: number) {
  return platformSql.select<{ day: string; kind: string; name: string; source: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, source FROM calendar_days WHERE day BETWEEN :a AND :b ORDER BY day`,
    { replacements: { a: `${year}-01-01`, b: `${year}-12-31` } },
  );
}
