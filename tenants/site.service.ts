// Sites on the platform console: the reads of its screens (across sites, as the console's named
// purpose) and the changes, each a thin call of its action (site.actions.ts).
import { Op } from 'sequelize';
import type { ActionContext } from '../server/audit/audit.service';
import { runAction } from '../server/actions/run-action';
import { can } from '../server/auth/can.policy';
import { crossSite } from '../server/db/cross-site';
import { siteData } from '../server/db/site-data';
import { ValidationError, forbidden, notFound } from '../server/core/errors';
import { ProvisioningError, rulesOf, type ProvisioningDeps, type SiteInput } from './provisioning';
import { runSiteAction, siteCreate, sitePoliciesSet, siteStatusSet, siteUpdate, type Approval } from './site.actions';
import { TENANT_KINDS, TENANT_STATUSES, type TenantStatus } from './tenant.types';

export { approvalSchema, type Approval } from './site.actions';

const asValidation = (err: unknown) => (err instanceof ProvisioningError ? new ValidationError(err.fields) : err);

export async function createSiteAction(
  deps: ProvisioningDeps,
  ctx: ActionContext,
  input: SiteInput,
  approval: Approval,
) {
  try {
    return (await runSiteAction(deps, ctx, siteCreate(rulesOf(deps)), { site: input, approval })).site;
  } catch (err) {
    throw asValidation(err);
  }
}

export async function updateSiteAction(
  deps: ProvisioningDeps,
  ctx: ActionContext,
  siteId: number,
  input: Omit<SiteInput, 'slug'>,
) {
  try {
    return (await runSiteAction(deps, ctx, siteUpdate(rulesOf(deps)), { siteId, site: input })).after;
  } catch (err) {
    throw asValidation(err);
  }
}

export async function changeSiteStatus(
  deps: ProvisioningDeps,
  ctx: ActionContext,
  siteId: number,
  status: TenantStatus,
) {
  try {
    await runSiteAction(deps, ctx, siteStatusSet, { siteId, status });
  } catch (err) {
    throw asValidation(err);
  }
}

export async function setSitePolicies(
  deps: ProvisioningDeps,
  ctx: ActionContext,
  siteId: number,
  policies: { selfApproval: boolean; mediaQuotaMb: unknown },
) {
  await runAction(deps, ctx, sitePoliciesSet, { siteId, policies });
}

const like = (q: string) => `%${q.normalize('NFC').replace(/[%_\\]/g, '\\$&')}%`;

export async function listSites(
  ctx: ActionContext,
  opts: { q?: string; kind?: string; status?: string; page: number; perPage: number },
) {
  if (!can(ctx.actor, 'sites.list')) throw forbidden();
  const where: Record<string | symbol, unknown> = {};
  if (opts.q) {
    const q = like(opts.q);
    where[Op.or] = [
      { nameVi: { [Op.iLike]: q } },
      { slug: { [Op.iLike]: q } },
      { primaryHost: { [Op.iLike]: q } },
      { pathPrefix: { [Op.iLike]: q } },
    ];
  }
  if (opts.kind && (TENANT_KINDS as readonly string[]).includes(opts.kind)) where.kind = opts.kind;
  if (opts.status && (TENANT_STATUSES as readonly string[]).includes(opts.status)) where.status = opts.status;
  const { rows, count } = await crossSite('platform-console').sites.findAndCountAll({
    where,
    order: [
      ['kind', 'ASC'],
      ['nameVi', 'ASC'],
    ],
    limit: opts.perPage,
    offset: (opts.page - 1) * opts.perPage,
  });
  return { rows: rows.map((r) => r.get({ plain: true })), total: count };
}

/** One site as the console shows and edits it: every column, and its aliases as stored. */
export async function consoleSite(ctx: ActionContext, id: number) {
  if (!can(ctx.actor, 'sites.list')) throw forbidden();
  const site = await crossSite('platform-console').sites.findByPk(id);
  if (!site) throw notFound('Không tìm thấy trang');
  const aliases = (await siteData(site).aliases.findAll({ attributes: ['host'] })).map((a) => a.host);
  return { ...site.get({ plain: true }), aliases };
}

/** Every site by name, for the choice of a site in a grant form. */
export async function siteChoices(ctx: ActionContext) {
  if (!can(ctx.actor, 'people.manage') && !can(ctx.actor, 'grants.manage')) throw forbidden();
  const sites = await crossSite('platform-console').sites.findAll({
    attributes: ['id', 'nameVi'],
    order: [['nameVi', 'ASC']],
  });
  return sites.map((s) => ({ id: s.id, name: s.nameVi }));
}

/** The columns of the grants matrix: sites other than the province, by kind and name. */
export async function matrixSites(ctx: ActionContext, filter: { kind?: string; q?: string; limit: number }) {
  if (!can(ctx.actor, 'grants.manage')) throw forbidden();
  const where: Record<string | symbol, unknown> = { kind: { [Op.ne]: 'province' } };
  if (filter.kind && (TENANT_KINDS as readonly string[]).includes(filter.kind)) where.kind = filter.kind;
  if (filter.q) where.nameVi = { [Op.iLike]: like(filter.q) };
  const sites = await crossSite('platform-console').sites.findAll({
    where,
    attributes: ['id', 'nameVi'],
    order: [
      ['kind', 'ASC'],
      ['nameVi', 'ASC'],
    ],
    limit: filter.limit,
  });
  return sites.map((s) => ({ id: s.id, nameVi: s.nameVi }));
}
