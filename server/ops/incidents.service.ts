// Incidents (Art 13.2, 16.3, 17.9) and planned maintenance (ND 224/2026 Art 13): system
// administrators record incidents with their start, end, cause and action; maintenance is
// announced on the affected sites from its announcement day, which must be at least 7 working
// days before it starts, and says when service returns.
import { QueryTypes, type Sequelize } from 'sequelize';
import { z } from 'zod';
import { recordAudit, type ActionContext } from '../audit/audit.service';
import { can } from '../auth/can.policy';
import type { Cache } from '../cache/cache';
import { loadCalendar, vnDay } from '../calendar/working-calendar';
import { ValidationError, forbidden, parseOrThrow } from '../core/errors';

export const SEVERITY_LABELS = { low: 'Thấp', medium: 'Trung bình', high: 'Cao', critical: 'Nghiêm trọng' } as const;
export const NOTICE_WORKING_DAYS = 7;

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

export async function recordIncident(sequelize: Sequelize, ctx: ActionContext, raw: Record<string, unknown>) {
  if (!can(ctx.actor, 'incidents.manage')) throw forbidden();
  const v = parseOrThrow(incidentSchema, raw);
  if (v.endsAt && v.endsAt < v.startsAt) throw new ValidationError({ endsAt: 'Kết thúc phải sau bắt đầu' });
  return sequelize.transaction(async (transaction) => {
    const [row] = await sequelize.query<{ id: string }>(
      `INSERT INTO incidents (starts_at, ends_at, severity, cause, action, site_ids, recorded_by)
       VALUES (:startsAt, :endsAt, :severity, :cause, :action, ${v.siteIds.length ? 'ARRAY[:siteIds]::int[]' : 'NULL'}, :by)
       RETURNING id`,
      {
        replacements: { ...v, siteIds: v.siteIds, by: ctx.actor.id },
        type: QueryTypes.SELECT,
        transaction,
      },
    );
    await recordAudit(
      ctx,
      { action: 'incident.record', targetType: 'incident', targetId: row!.id, summary: { severity: v.severity } },
      transaction,
    );
    return Number(row!.id);
  });
}

export async function closeIncident(sequelize: Sequelize, ctx: ActionContext, id: number, rawEnd: unknown) {
  if (!can(ctx.actor, 'incidents.manage')) throw forbidden();
  const { endsAt } = parseOrThrow(z.object({ endsAt: instant('Kết thúc') }), { endsAt: rawEnd });
  await sequelize.transaction(async (transaction) => {
    const rows = await sequelize.query(
      `UPDATE incidents SET ends_at = :endsAt WHERE id = :id AND ends_at IS NULL AND starts_at <= :endsAt RETURNING id`,
      { replacements: { id, endsAt }, type: QueryTypes.SELECT, transaction },
    );
    if (rows.length === 0)
      throw new ValidationError({ endsAt: 'Sự cố không có, đã kết thúc, hoặc thời điểm trước lúc bắt đầu' });
    await recordAudit(ctx, { action: 'incident.close', targetType: 'incident', targetId: id }, transaction);
  });
}

/** Incidents that overlap a period of Vietnam days, with their duration in minutes. */
export async function incidentsIn(sequelize: Sequelize, from: string, to: string) {
  const rows = await sequelize.query<Record<string, unknown>>(
    `SELECT id, starts_at AS "startsAt", ends_at AS "endsAt", severity, cause, action, site_ids AS "siteIds",
            round(extract(epoch FROM coalesce(ends_at, now()) - starts_at) / 60) AS minutes
       FROM incidents
      WHERE starts_at < ((:to::date) + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
        AND coalesce(ends_at, now()) >= (:from::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
      ORDER BY starts_at DESC`,
    { replacements: { from, to }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    startsAt: r.startsAt as Date,
    endsAt: (r.endsAt as Date | null) ?? null,
    severity: r.severity as keyof typeof SEVERITY_LABELS,
    cause: String(r.cause),
    action: String(r.action),
    siteIds: (r.siteIds as number[] | null) ?? null,
    minutes: Number(r.minutes),
  }));
}

const noticeSchema = z.object({
  title: text('Tiêu đề', 200),
  message: text('Nội dung', 2000),
  startsAt: instant('Bắt đầu bảo trì'),
  endsAt: instant('Dự kiến hoạt động trở lại'),
  siteIds: siteList,
});

/**
 * Announces planned maintenance from today on the affected sites (all when none is named). The
 * start must be at least 7 working days away, by the working-day calendar.
 */
export async function announceMaintenance(
  deps: { sequelize: Sequelize; cache: Cache; allSiteIds: () => number[] },
  ctx: ActionContext,
  raw: Record<string, unknown>,
  now = new Date(),
) {
  if (!can(ctx.actor, 'incidents.manage')) throw forbidden();
  const v = parseOrThrow(noticeSchema, raw);
  if (v.endsAt <= v.startsAt) throw new ValidationError({ endsAt: 'Thời điểm trở lại phải sau lúc bắt đầu' });
  const today = vnDay(now);
  const earliest = (await loadCalendar(deps.sequelize)).addWorkingDays(today, NOTICE_WORKING_DAYS);
  if (vnDay(v.startsAt) < earliest)
    throw new ValidationError({
      startsAt: `Phải thông báo trước ít nhất ${NOTICE_WORKING_DAYS} ngày làm việc: sớm nhất từ ngày ${earliest.split('-').reverse().join('/')}`,
    });
  const id = await deps.sequelize.transaction(async (transaction) => {
    const [row] = await deps.sequelize.query<{ id: string }>(
      `INSERT INTO maintenance_notices (title, message, announce_on, starts_at, ends_at, site_ids, created_by)
       VALUES (:title, :message, :today, :startsAt, :endsAt, ${v.siteIds.length ? 'ARRAY[:siteIds]::int[]' : 'NULL'}, :by)
       RETURNING id`,
      { replacements: { ...v, today, by: ctx.actor.id }, type: QueryTypes.SELECT, transaction },
    );
    await recordAudit(
      ctx,
      {
        action: 'maintenance.announce',
        targetType: 'maintenance_notice',
        targetId: row!.id,
        summary: { title: v.title, startsAt: v.startsAt, sites: v.siteIds.length || 'all' },
      },
      transaction,
    );
    return Number(row!.id);
  });
  // The notice shows on cached pages at once.
  for (const siteId of v.siteIds.length ? v.siteIds : deps.allSiteIds()) await deps.cache.bumpTenantVersion(siteId);
  return id;
}

/** Notices a site shows now: announced, not yet over. */
export async function activeNotices(sequelize: Sequelize, siteId: number, now = new Date()) {
  return sequelize.query<{ title: string; message: string; startsAt: Date; endsAt: Date }>(
    `SELECT title, message, starts_at AS "startsAt", ends_at AS "endsAt" FROM maintenance_notices
      WHERE announce_on <= :today::date AND ends_at > :now AND (site_ids IS NULL OR :site = ANY(site_ids))
      ORDER BY starts_at`,
    { replacements: { today: vnDay(now), now, site: siteId }, type: QueryTypes.SELECT },
  );
}

export async function listNotices(sequelize: Sequelize) {
  return sequelize.query<Record<string, unknown>>(
    `SELECT id, title, message, announce_on AS "announceOn", starts_at AS "startsAt", ends_at AS "endsAt", site_ids AS "siteIds"
       FROM maintenance_notices ORDER BY starts_at DESC LIMIT 50`,
    { type: QueryTypes.SELECT },
  );
}
