// Incidents (Art 13.2, 16.3, 17.9) and planned maintenance (ND 224/2026 Art 13): system
// administrators record incidents with their start, end, cause and action; maintenance is
// announced on the affected sites from its announcement day, which must be at least 7 working
// days before it starts, and says when service returns. The changes are incidents.actions.ts's.
import { QueryTypes, type Sequelize } from 'sequelize';
import type { ActionContext } from '../audit/audit.service';
import { runAction, runUncachedAction, type ActionDeps } from '../actions/run-action';
import { vnDay } from '../calendar/working-calendar';
import { incidentClose, incidentRecord, maintenanceAnnounce, SEVERITY_LABELS } from './incidents.actions';

export { NOTICE_WORKING_DAYS, SEVERITY_LABELS } from './incidents.actions';

export async function recordIncident(sequelize: Sequelize, ctx: ActionContext, raw: Record<string, unknown>) {
  return runUncachedAction(sequelize, ctx, incidentRecord, raw);
}

export async function closeIncident(sequelize: Sequelize, ctx: ActionContext, id: number, rawEnd: unknown) {
  await runUncachedAction(sequelize, ctx, incidentClose, { id, endsAt: rawEnd });
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

/**
 * Announces planned maintenance from today on the affected sites (all when none is named). The
 * start must be at least 7 working days away, by the working-day calendar.
 */
export async function announceMaintenance(
  deps: ActionDeps,
  ctx: ActionContext,
  raw: Record<string, unknown>,
  now = new Date(),
) {
  return (await runAction(deps, ctx, maintenanceAnnounce(deps.sequelize), { raw, now })).id;
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
