// Syndication: a published item of one site shown on others, with one source and a canonical
// link back to it. The source site's approver offers it; the receiving site's approver accepts
// or declines; an operator may push it to many sites as mandatory (accepted at once). Offering
// and deciding are actions (server/actions/); what crosses sites is read through crossSite.
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Site } from '../../tenants/tenant.types';
import type { ActionContext } from '../audit/audit.service';
import { defineAction, type ActorCtx } from '../actions/action';
import { runAction, type ActionDeps } from '../actions/run-action';
import { can } from '../auth/can.policy';
import { crossSite } from '../db/cross-site';
import { siteData } from '../db/site-data';
import { ValidationError, forbidden, notFound } from '../core/errors';

export type SyndicationDeps = ActionDeps;

const mayPublish = (who: ActorCtx, site: Site) =>
  can(who.actor, 'content.publish', { tenantId: site.id }) ? null : forbidden();

/**
 * The source item of a syndication is public now: published, not scheduled later, on an active
 * site. Another site may see its title and summary only while this holds: an item withdrawn or
 * archived at its source (or of a suspended site) is the source's alone again, even to the
 * receiving site's staff.
 */
const SOURCE_PUBLIC = `i.publication = 'published' AND i.published_at <= now()
  AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = s.source_tenant_id AND t.status = 'active')`;

interface OfferInput {
  site: Site;
  itemId: number;
  targetIds: number[];
  mandatory: boolean;
}
/** The receiving sites of an offer: each once, never the item's own site. */
const targetsOf = ({ site, targetIds }: OfferInput) => [...new Set(targetIds)].filter((id) => id !== site.id);

/** Offers a published item to other sites; with `mandatory` (operators only) they receive it at once. */
export const offerItemAction = defineAction({
  name: 'syndication.offer',
  async check(who, input: OfferInput, transaction?: Transaction) {
    const refused = mayPublish(who, input.site);
    if (refused) return refused;
    if (input.mandatory && !can(who.actor, 'sites.update'))
      return forbidden('Chỉ Trung tâm mới đặt tin bắt buộc đăng lại.');
    if (targetsOf(input).length === 0) return new ValidationError({ targetIds: 'Chọn ít nhất một trang nhận' });
    const item = await siteData(input.site).items.findByPk(input.itemId, { transaction });
    if (!item) return notFound('Không tìm thấy tin bài');
    if (item.publication !== 'published') return new ValidationError({ _: 'Chỉ chia sẻ tin đã đăng.' });
    return null;
  },
  async execute(who, input, transaction) {
    const { site, itemId, mandatory } = input;
    const data = siteData(site);
    // The item's row, locked: two offers of it at once cannot both add the same receiving site.
    await data.items.findByPk(itemId, { transaction, lock: true, attributes: ['id'] });
    const targets = targetsOf(input);
    const now = new Date();
    const by = who.actor?.id ?? null;
    let n = 0;
    for (const target of targets) {
      const row = await data.offersMade.findOne({ where: { itemId, targetTenantId: target }, transaction });
      if (!row)
        await data.offersMade.create(
          {
            itemId,
            targetTenantId: target,
            offeredBy: by,
            mandatory,
            status: mandatory ? 'accepted' : 'offered',
            decidedBy: mandatory ? by : null,
            decidedAt: mandatory ? now : null,
          },
          { transaction },
        );
      else if (mandatory && row.status !== 'accepted')
        await row.update({ mandatory: true, status: 'accepted', decidedBy: by, decidedAt: now }, { transaction });
      if (!row || mandatory) n++;
    }
    return { n, targets };
  },
  // One entry per receiving site, in that site's log.
  audit: (_who, { site, itemId, mandatory }, { targets }) =>
    targets.map((target) => ({
      action: mandatory ? 'syndication.push' : 'syndication.offer',
      tenantId: target,
      targetType: 'item',
      targetId: itemId,
      summary: { from: site.id, to: target },
    })),
  // A pushed item is on the receiving sites at once; an offer changes nothing until accepted.
  invalidates: ({ mandatory }, { targets }) => (mandatory ? { sites: targets } : {}),
});

export const offerItem = (
  deps: SyndicationDeps,
  ctx: ActionContext,
  site: Site,
  itemId: number,
  targetIds: number[],
  mandatory = false,
) => runAction(deps, ctx, offerItemAction, { site, itemId, targetIds, mandatory }).then((r) => r.n);

/** An offer made to the site whose source still publishes the item (only such an offer can be decided). */
async function visibleOffer(site: Site, syndicationId: number, transaction?: Transaction) {
  const [visible] = await crossSite('syndication').select<{ id: string }>(
    `SELECT s.id FROM syndications s JOIN items i ON i.id = s.item_id AND i.tenant_id = s.source_tenant_id
      WHERE s.id = :id AND s.target_tenant_id = :site AND ${SOURCE_PUBLIC}`,
    { replacements: { id: syndicationId, site: site.id }, transaction },
  );
  return visible ? siteData(site).offersReceived.findByPk(syndicationId, { transaction }) : null;
}

interface DecideInput {
  site: Site;
  syndicationId: number;
  accept: boolean;
}

/** The receiving site's approver accepts or declines an offer. */
export const decideOfferAction = defineAction({
  name: 'syndication.decide',
  async check(who, { site, syndicationId, accept }: DecideInput, transaction?: Transaction) {
    const refused = mayPublish(who, site);
    if (refused) return refused;
    const row = await visibleOffer(site, syndicationId, transaction);
    if (!row) return notFound('Không tìm thấy tin được chia sẻ');
    if (row.mandatory && !accept) return new ValidationError({ _: 'Tin này do Trung tâm đặt bắt buộc đăng lại.' });
    return null;
  },
  async execute(who, { site, syndicationId, accept }, transaction) {
    const row = (await siteData(site).offersReceived.findByPk(syndicationId, { transaction }))!;
    await row.update(
      { status: accept ? 'accepted' : 'declined', decidedBy: who.actor?.id ?? null, decidedAt: new Date() },
      { transaction },
    );
    return { itemId: row.itemId, from: row.sourceTenantId };
  },
  audit: (_who, { site, accept }, { itemId, from }) => ({
    action: accept ? 'syndication.accept' : 'syndication.decline',
    tenantId: site.id,
    targetType: 'item',
    targetId: itemId,
    summary: { from },
  }),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

export const decideOffer = (
  deps: SyndicationDeps,
  ctx: ActionContext,
  site: Site,
  syndicationId: number,
  accept: boolean,
) => runAction(deps, ctx, decideOfferAction, { site, syndicationId, accept }).then(() => undefined);

/** What became of the offers a site made of one of its items: the state of each receiving site. */
export async function offerStates(site: Site, itemId: number): Promise<Map<number, string>> {
  const rows = await siteData(site).offersMade.findAll({ where: { itemId }, attributes: ['targetTenantId', 'status'] });
  return new Map(rows.map((s) => [s.targetTenantId, s.status]));
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
