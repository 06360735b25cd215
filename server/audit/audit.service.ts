// Writing and reading the audit log. Writes happen inside the caller's transaction, so an action
// and its audit entry are stored together or not at all.
import { csvCell } from '../text/csv';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { Actor } from '../auth/access';
import { can } from '../auth/can.policy';
import { AuditEntry } from './audit-entry.model';
import { forbidden } from '../core/errors';

/** Who acts, from where, and (for per-site screens) on which site. */
export interface ActionContext {
  actor: Actor;
  ip: string | null;
}

export interface AuditRecord {
  action: string;
  tenantId?: number | null;
  targetType?: string;
  targetId?: string | number;
  summary?: Record<string, unknown>;
}

export async function recordAudit(
  who: { actor: Pick<Actor, 'id' | 'email'> | null; ip: string | null; email?: string },
  rec: AuditRecord,
  transaction?: Transaction,
): Promise<void> {
  await AuditEntry.create(
    {
      actorId: who.actor?.id ?? null,
      actorEmail: who.actor?.email ?? who.email ?? null,
      ip: who.ip,
      tenantId: rec.tenantId ?? null,
      action: rec.action,
      targetType: rec.targetType ?? null,
      targetId: rec.targetId === undefined ? null : String(rec.targetId),
      summary: rec.summary ?? {},
    },
    { transaction },
  );
}

export interface AuditFilter {
  personId?: number;
  tenantId?: number;
  action?: string;
  from?: Date;
  to?: Date;
}

/**
 * Entries the actor may read: operators and system administrators all of them; a site
 * administrator only those of the site given as `siteScope`.
 */
export function auditWhere(ctx: ActionContext, filter: AuditFilter, siteScope?: number): WhereOptions {
  const where: Record<string | symbol, unknown> = {};
  if (siteScope !== undefined) {
    if (!can(ctx.actor, 'site.audit.read', { tenantId: siteScope })) throw forbidden();
    where.tenantId = siteScope;
  } else {
    if (!can(ctx.actor, 'audit.readAll')) throw forbidden();
    if (filter.tenantId) where.tenantId = filter.tenantId;
  }
  if (filter.personId) where.actorId = filter.personId;
  if (filter.action) where.action = { [Op.startsWith]: filter.action };
  if (filter.from || filter.to) {
    where.at = { ...(filter.from ? { [Op.gte]: filter.from } : {}), ...(filter.to ? { [Op.lt]: filter.to } : {}) };
  }
  return where as WhereOptions;
}

export async function listAudit(
  ctx: ActionContext,
  filter: AuditFilter,
  page: number,
  perPage: number,
  siteScope?: number,
) {
  const where = auditWhere(ctx, filter, siteScope);
  const { rows, count } = await AuditEntry.findAndCountAll({
    where,
    order: [
      ['at', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: perPage,
    offset: (page - 1) * perPage,
  });
  return { rows: rows.map((r) => r.get({ plain: true })), total: count };
}

/** Streams the matching entries as CSV rows (header first), oldest last, in batches. */
export async function* auditCsv(ctx: ActionContext, filter: AuditFilter, siteScope?: number): AsyncGenerator<string> {
  const where = auditWhere(ctx, filter, siteScope);
  const cell = (v: unknown) => csvCell(v, true);
  yield (
    '\ufeff' +
    ['thoi_gian', 'nguoi_thuc_hien', 'email', 'ip', 'trang', 'hanh_dong', 'doi_tuong', 'ma_doi_tuong', 'tom_tat'].join(
      ',',
    ) +
    '\r\n'
  );
  let lastId: number | null = null;
  for (;;) {
    const batch: AuditEntry[] = await AuditEntry.findAll({
      where: lastId === null ? where : { [Op.and]: [where, { id: { [Op.lt]: lastId } }] },
      order: [['id', 'DESC']],
      limit: 1000,
    });
    if (batch.length === 0) return;
    for (const e of batch) {
      yield (
        [e.at, e.actorId, e.actorEmail, e.ip, e.tenantId, e.action, e.targetType, e.targetId, e.summary]
          .map(cell)
          .join(',') + '\r\n'
      );
    }
    lastId = batch[batch.length - 1]!.id;
  }
}
