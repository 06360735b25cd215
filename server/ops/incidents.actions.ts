// Incidents and maintenance notices, as actions (server/actions/). An incident is recorded and
// closed for the reports (no page shows it); a maintenance notice shows on its sites' pages (all,
// when it names none) from its announcement, so announcing one renews those pages.
import type { Sequelize } from 'sequelize';
import { z } from 'zod';
import { defineAction, type ActorCtx } from '../actions/action';
import { can } from '../auth/can.policy';
import { loadCalendar, vnDay } from '../calendar/working-calendar';
import { ValidationError, forbidden, parseOrThrow } from '../core/errors';
import { platformSql } from '../db/platform-data';

export const SEVERITY_LABELS = { low: 'Thấp', medium: 'Trung bình', high: 'Cao', critical: 'Nghiêm trọng' } as const;
export const NOTICE_WORKING_DAYS = 7;

const mayManage = (who: ActorCtx) => (can(who.actor, 'incidents.manage') ? null : forbidden());
const siteArray = (siteIds: number[]) => (siteIds.length ? 'ARRAY[:siteIds]::int[]' : 'NULL');

/** A wall-clock time in Vietnam from a form (or a full ISO time); '' is null when optional. */
const parseInstant = (v: string): Date | null => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return null;
  const d = new Date(/[zZ]|[+-]\d{2}:\d{2}$/.test(v) ? v : `${v}:00+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
};
const instant = (label: string) =>
  z
    .string()
    .trim()
    .transform(
      (v, ctx) =>
        parseInstant(v) ?? (ctx.addIssue({ code: 'custom', message: `${label}: thời điểm không hợp lệ` }), z.NEVER),
    );
const optionalInstant = (label: string) =>
  z
    .string()
    .trim()
    .transform((v, ctx) =>
      v === ''
        ? null
        : (parseInstant(v) ?? (ctx.addIssue({ code: 'custom', message: `${label}: thời điểm không hợp lệ` }), z.NEVER)),
    );
const text = (label: string, max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(3, `${label}: ít nhất 3 ký tự`).max(max, `${label}: tối đa ${max} ký tự`));
const siteList = z.preprocess(
  (v) => (Array.isArray(v) ? v : v ? [v] : []),
  z.array(z.coerce.number().int().positive()).max(1000),
);

const incidentSchema = z.object({
  startsAt: instant('Bắt đầu'),
  endsAt: optionalInstant('Kết thúc'),
  severity: z.enum(['low', 'medium', 'high', 'critical'], { message: 'Mức độ không hợp lệ' }),
  cause: text('Nguyên nhân', 2000),
  action: text('Biện pháp xử lý', 2000),
  siteIds: siteList,
});

export const incidentRecord = defineAction({
  name: 'incident.record',
  check: (who: ActorCtx, _raw: Record<string, unknown>) => mayManage(who),
  async execute(who, raw, tx) {
    const v = parseOrThrow(incidentSchema, raw);
    if (v.endsAt && v.endsAt < v.startsAt) throw new ValidationError({ endsAt: 'Kết thúc phải sau bắt đầu' });
    const [row] = await platformSql.change<{ id: string }>(
      `INSERT INTO incidents (starts_at, ends_at, severity, cause, action, site_ids, recorded_by)
       VALUES (:startsAt, :endsAt, :severity, :cause, :action, ${siteArray(v.siteIds)}, :by)
       RETURNING id`,
      { replacements: { ...v, by: who.actor!.id }, transaction: tx },
    );
    return { id: Number(row!.id), severity: v.severity };
  },
  audit: (_who, _raw, r) => ({
    action: 'incident.record',
    targetType: 'incident',
    targetId: r.id,
    summary: { severity: r.severity },
  }),
  invalidates: () => ({}),
});

export const incidentClose = defineAction({
  name: 'incident.close',
  check: (who: ActorCtx, _input: { id: number; endsAt: unknown }) => mayManage(who),
  async execute(_who, input, tx) {
    const { endsAt } = parseOrThrow(z.object({ endsAt: instant('Kết thúc') }), { endsAt: input.endsAt });
    const rows = await platformSql.change(
      `UPDATE incidents SET ends_at = :endsAt WHERE id = :id AND ends_at IS NULL AND starts_at <= :endsAt RETURNING id`,
      { replacements: { id: input.id, endsAt }, transaction: tx },
    );
    if (rows.length === 0)
      throw new ValidationError({ endsAt: 'Sự cố không có, đã kết thúc, hoặc thời điểm trước lúc bắt đầu' });
  },
  audit: (_who, input) => ({ action: 'incident.close', targetType: 'incident', targetId: input.id }),
  invalidates: () => ({}),
});

const noticeSchema = z.object({
  title: text('Tiêu đề', 200),
  message: text('Nội dung', 2000),
  startsAt: instant('Bắt đầu bảo trì'),
  endsAt: instant('Dự kiến hoạt động trở lại'),
  siteIds: siteList,
});

/**
 * Planned maintenance, announced from today on the affected sites (all when none is named). The
 * start must be at least 7 working days away, by the working-day calendar (read with `sequelize`).
 */
export const maintenanceAnnounce = (sequelize: Sequelize) =>
  defineAction({
    name: 'maintenance.announce',
    check: (who: ActorCtx, _input: { raw: Record<string, unknown>; now: Date }) => mayManage(who),
    async execute(who, input, tx) {
      const v = parseOrThrow(noticeSchema, input.raw);
      if (v.endsAt <= v.startsAt) throw new ValidationError({ endsAt: 'Thời điểm trở lại phải sau lúc bắt đầu' });
      const today = vnDay(input.now);
      const earliest = (await loadCalendar(sequelize, tx)).addWorkingDays(today, NOTICE_WORKING_DAYS);
      if (vnDay(v.startsAt) < earliest)
        throw new ValidationError({
          startsAt: `Phải thông báo trước ít nhất ${NOTICE_WORKING_DAYS} ngày làm việc: sớm nhất từ ngày ${earliest.split('-').reverse().join('/')}`,
        });
      const [row] = await platformSql.change<{ id: string }>(
        `INSERT INTO maintenance_notices (title, message, announce_on, starts_at, ends_at, site_ids, created_by)
         VALUES (:title, :message, :today, :startsAt, :endsAt, ${siteArray(v.siteIds)}, :by)
         RETURNING id`,
        { replacements: { ...v, today, by: who.actor!.id }, transaction: tx },
      );
      return { id: Number(row!.id), title: v.title, startsAt: v.startsAt, siteIds: v.siteIds };
    },
    audit: (_who, _input, r) => ({
      action: 'maintenance.announce',
      targetType: 'maintenance_notice',
      targetId: r.id,
      summary: { title: r.title, startsAt: r.startsAt, sites: r.siteIds.length || 'all' },
    }),
    // The notice shows on cached pages at once.
    invalidates: (_input, r) => (r.siteIds.length ? { sites: r.siteIds } : { allSites: true }),
  });
