// Syndication: a published item of one site shown on others, with one source and a canonical
// link back to it. The source site's approver offers it; the receiving site's approver accepts
// or declines; an operator may push it to many sites as mandatory (accepted at once).
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Site } from '../../tenants/tenant.types';
import { recordAudit, type ActionContext } from '../audit/audit.service';
import { can } from '../auth/can.policy';
import type { Cache } from '../cache/cache';
import { loadItem } from './load-item';
import { ValidationError, forbidden, notFound } from '../core/errors';
import { Syndication } from './syndication.model';

export interface SyndicationDeps {
  sequelize: Sequelize;
  cache: Cache;
}

/** Offers a published item to other sites; with `mandatory` (operators only) they receive it at once. */
export async function offerItem(
  deps: SyndicationDeps,
  ctx: ActionContext,
  site: Site,
  itemId: number,
  targetIds: number[],
  mandatory = false,
) {
  if (!can(ctx.actor, 'content.publish', { tenantId: site.id })) throw forbidden();
  if (mandatory && !can(ctx.actor, 'sites.update')) throw forbidden('Chỉ Trung tâm mới đặt tin bắt buộc đăng lại.');
  const targets = [...new Set(targetIds)].filter((id) => id !== site.id);
  if (targets.length === 0) throw new ValidationError({ targetIds: 'Chọn ít nhất một trang nhận' });
  const item = await loadItem(site.id, itemId);
  if (item.publication !== 'published') throw new ValidationError({ _: 'Chỉ chia sẻ tin đã đăng.' });
  let n = 0;
  await deps.sequelize.transaction(async (transaction) => {
    for (const target of targets) {
      const [row, created] = await Syndication.findOrCreate({
        where: { itemId: item.id, targetTenantId: target },
        defaults: {
          itemId: item.id,
          sourceTenantId: site.id,
          targetTenantId: target,
          offeredBy: ctx.actor.id,
          mandatory,
          status: mandatory ? 'accepted' : 'offered',
          decidedBy: mandatory ? ctx.actor.id : null,
          decidedAt: mandatory ? new Date() : null,
        },
        transaction,
      });
      if (!created && mandatory && row.status !== 'accepted')
        await row.update(
          { mandatory: true, status: 'accepted', decidedBy: ctx.actor.id, decidedAt: new Date() },
          { transaction },
        );
      if (created || mandatory) n++;
      await recordAudit(
        ctx,
        {
          action: mandatory ? 'syndication.push' : 'syndication.offer',
          tenantId: target,
          targetType: 'item',
          targetId: item.id,
          summary: { from: site.id, to: target },
        },
        transaction,
      );
    }
  });
  if (mandatory) for (const t of targets) await deps.cache.bumpTenantVersion(t);
  return n;
}

/**
 * The source item of a syndication is public now: published, not scheduled later, on an active
 * site. Another site may see its title and summary only while this holds: an item withdrawn or
 * archived at its source (or of a suspended site) is the source's alone again, even to the
 * receiving site's staff.
 */
const SOURCE_PUBLIC = `i.publication = 'published' AND i.published_at <= now()
  AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = s.source_tenant_id AND t.status = 'active')`;

/** The receiving site's approver accepts or declines an offer. */
export async function decideOffer(
  deps: SyndicationDeps,
  ctx: ActionContext,
  site: Site,
  syndicationId: number,
  accept: boolean,
) {
  if (!can(ctx.actor, 'content.publish', { tenantId: site.id })) throw forbidden();
  // Only an offer the site can see (its source still publishes the item) can be decided.
  const [visible] = await deps.sequelize.query<{ id: string }>(
    `SELECT s.id FROM syndications s JOIN items i ON i.id = s.item_id AND i.tenant_id = s.source_tenant_id
      WHERE s.id = :id AND s.target_tenant_id = :site AND ${SOURCE_PUBLIC}`,
    { replacements: { id: syndicationId, site: site.id }, type: QueryTypes.SELECT },
  );
  const row = visible ? await Syndication.findOne({ where: { id: syndicationId, targetTenantId: site.id } }) : null;
  if (!row) throw notFound('Không tìm thấy tin được chia sẻ');
  if (row.mandatory && !accept) throw new ValidationError({ _: 'Tin này do Trung tâm đặt bắt buộc đăng lại.' });
  await deps.sequelize.transaction(async (transaction) => {
    await row.update(
      { status: accept ? 'accepted' : 'declined', decidedBy: ctx.actor.id, decidedAt: new Date() },
      { transaction },
    );
    await recordAudit(
      ctx,
      {
        action: accept ? 'syndication.accept' : 'syndication.decline',
        tenantId: site.id,
        targetType: 'item',
        targetId: row.itemId,
        summary: { from: row.sourceTenantId },
      },
      transaction,
    );
  });
  await deps.cache.bumpTenantVersion(site.id);
}

export interface SyndicatedEntry {
  syndicationId: number;
  status: string;
  mandatory: boolean;
  itemId: number;
  title: string;
  kind: string;
  slug: string;
  locale: string;
  summary: string | null;
  publishedAt: Date | null;
  sourceTenantId: number;
}

/**
 * Items shared with a site whose source still publishes them: for its staff, in every state of
 * the offer (`acceptedOnly: false`); for its public pages, the accepted ones in the page's locale.
 */
export async function sharedWith(
  sequelize: Sequelize,
  siteId: number,
  opts: { acceptedOnly: boolean; locale?: string; limit: number },
) {
  return sequelize.query<SyndicatedEntry>(
    `SELECT s.id AS "syndicationId", s.status, s.mandatory, i.id AS "itemId", i.title, i.kind, i.slug, i.locale, i.summary,
            i.published_at AS "publishedAt", s.source_tenant_id AS "sourceTenantId"
       FROM syndications s JOIN items i ON i.id = s.item_id AND i.tenant_id = s.source_tenant_id
      WHERE s.target_tenant_id = :site AND ${SOURCE_PUBLIC}
        ${opts.acceptedOnly ? `AND s.status = 'accepted' AND i.locale = :locale` : ''}
      ORDER BY i.published_at DESC NULLS LAST, s.id DESC
      LIMIT :limit`,
    { replacements: { site: siteId, locale: opts.locale ?? 'vi', limit: opts.limit }, type: QueryTypes.SELECT },
  );
}

/** Sites whose pages show this item: their cached pages are renewed when it changes. */
export async function receivingSites(itemId: number): Promise<number[]> {
  const rows = await Syndication.findAll({ where: { itemId, status: 'accepted' }, attributes: ['targetTenantId'] });
  return rows.map((r) => r.targetTenantId);
}
