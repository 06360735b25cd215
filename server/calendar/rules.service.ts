// The rules behind deadlines, as data operators edit: the Art 7 deadline classes (a change is a
// new version valid from a date; the old version stays for items received before it) and the
// working-day calendar (the government's yearly swaps and extra days off).
import { Op, QueryTypes, type Sequelize } from 'sequelize';
import { z } from 'zod';
import { recordAudit, type ActionContext } from '../audit/audit.service';
import { can } from '../auth/can.policy';
import { DeadlineClass } from '../content/deadline-class.model';
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

const guard = (ctx: ActionContext) => {
  if (!can(ctx.actor, 'rules.manage')) throw forbidden();
};
const previousDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** A new version of a deadline class from a date on; the version in force until then ends the day before. */
export async function addDeadlineClassVersion(sequelize: Sequelize, ctx: ActionContext, raw: Record<string, unknown>) {
  guard(ctx);
  const v = parseOrThrow(classSchema, raw);
  await sequelize.transaction(async (transaction) => {
    const later = await DeadlineClass.findOne({
      where: { code: v.code, validFrom: { [Op.gte]: v.validFrom } },
      transaction,
    });
    if (later)
      throw new ValidationError({ validFrom: `Đã có phiên bản áp dụng từ ${later.validFrom}; chọn ngày sau ngày đó` });
    const current = await DeadlineClass.findOne({ where: { code: v.code, validTo: null }, transaction, lock: true });
    if (current) await current.update({ validTo: previousDay(v.validFrom) }, { transaction });
    const created = await DeadlineClass.create({ ...v, validTo: null }, { transaction });
    await recordAudit(
      ctx,
      {
        action: 'deadlineClass.version',
        targetType: 'deadlineClass',
        targetId: created.id,
        summary: { before: current?.get({ plain: true }) ?? null, after: v },
      },
      transaction,
    );
  });
}

const daySchema = z.object({
  day,
  kind: z.enum(['day_off', 'work_day'], { message: 'Loại ngày không hợp lệ' }),
  name: z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'Ghi lý do (vd: Nghỉ bù theo Quyết định …)').max(200)),
});

export async function setCalendarDay(sequelize: Sequelize, ctx: ActionContext, raw: Record<string, unknown>) {
  guard(ctx);
  const v = parseOrThrow(daySchema, raw);
  const wd = new Date(`${v.day}T00:00:00Z`).getUTCDay();
  if (v.kind === 'work_day' && wd !== 0 && wd !== 6)
    throw new ValidationError({ kind: 'Ngày làm việc bù chỉ đặt cho thứ Bảy hoặc Chủ nhật' });
  await sequelize.transaction(async (transaction) => {
    await sequelize.query(
      `INSERT INTO calendar_days (day, kind, name, source) VALUES (:day, :kind, :name, 'operator')
       ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = 'operator'`,
      { replacements: v, transaction },
    );
    await recordAudit(
      ctx,
      { action: 'calendar.set', targetType: 'calendarDay', targetId: v.day, summary: { after: v } },
      transaction,
    );
  });
}

export async function removeCalendarDay(sequelize: Sequelize, ctx: ActionContext, dayRaw: string) {
  guard(ctx);
  const d = parseOrThrow(day, dayRaw);
  await sequelize.transaction(async (transaction) => {
    const [row] = await sequelize.query<{ kind: string; name: string }>(
      'DELETE FROM calendar_days WHERE day = :d RETURNING kind, name',
      { replacements: { d }, type: QueryTypes.SELECT, transaction },
    );
    if (!row) throw notFound('Ngày này không có trong lịch');
    await recordAudit(
      ctx,
      { action: 'calendar.remove', targetType: 'calendarDay', targetId: d, summary: { before: row } },
      transaction,
    );
  });
}

export async function calendarOfYear(sequelize: Sequelize, year: number) {
  return sequelize.query<{ day: string; kind: string; name: string; source: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, source FROM calendar_days WHERE day BETWEEN :a AND :b ORDER BY day`,
    { replacements: { a: `${year}-01-01`, b: `${year}-12-31` }, type: QueryTypes.SELECT },
  );
}
