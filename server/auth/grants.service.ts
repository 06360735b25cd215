// Grants on the console: the reads of the people, site and matrix screens, and the changes, each
// a thin call of its action (grants.actions.ts).
import { Op, type Sequelize } from 'sequelize';
import type { ActionContext } from '../audit/audit.service';
import { runUncachedAction } from '../actions/run-action';
import { forbidden } from '../core/errors';
import { crossSite } from '../db/cross-site';
import { siteData } from '../db/site-data';
import { activeGrantWhere } from './access';
import { can } from './can.policy';
import { grantGive, grantRevoke, grantsBulk, type BulkGrants, type GrantInput } from './grants.actions';
import type { Role } from './roles';

export type { GrantInput } from './grants.actions';

export async function grantRole(sequelize: Sequelize, ctx: ActionContext, raw: GrantInput) {
  return (await runUncachedAction(sequelize, ctx, grantGive, raw)).grant;
}

export async function revokeGrant(sequelize: Sequelize, ctx: ActionContext, grantId: number, reason: string) {
  return (await runUncachedAction(sequelize, ctx, grantRevoke, { grantId, reason })).grant;
}

/** Grants or revokes one site role for every (person, site) pair, all or nothing. */
export async function bulkGrants(sequelize: Sequelize, ctx: ActionContext, op: BulkGrants) {
  return runUncachedAction(sequelize, ctx, grantsBulk, op);
}

/** Grants for a person or a site, active first; a site administrator sees only their site's. */
export async function listGrants(
  ctx: ActionContext,
  filter: { personId?: number; tenantId?: number; includeInactive?: boolean },
  siteScope?: number,
) {
  const where: Record<string | symbol, unknown> = {};
  if (filter.personId) where.personId = filter.personId;
  if (!filter.includeInactive) Object.assign(where, activeGrantWhere());
  const order: [string, string][] = [
    ['revokedAt', 'DESC NULLS FIRST'],
    ['grantedAt', 'DESC'],
  ];
  let grants;
  if (siteScope !== undefined) {
    if (!can(ctx.actor, 'site.people.read', { tenantId: siteScope })) throw forbidden();
    grants = await siteData({ id: siteScope }).grants.findAll({ where, order });
  } else {
    if (!can(ctx.actor, 'grants.manage') && !can(ctx.actor, 'people.list')) throw forbidden();
    if (filter.tenantId) where.tenantId = filter.tenantId;
    grants = await crossSite('platform-console').grants.findAll({ where, order });
  }
  return grants.map((g) => g.get({ plain: true }));
}

/** Active site roles as a people × sites table, for the matrix screen. */
export async function grantMatrix(ctx: ActionContext, personIds: number[], tenantIds: number[]) {
  if (!can(ctx.actor, 'grants.manage')) throw forbidden();
  if (personIds.length === 0 || tenantIds.length === 0) return new Map<string, Role[]>();
  const grants = await crossSite('platform-console').grants.findAll({
    where: { personId: { [Op.in]: personIds }, tenantId: { [Op.in]: tenantIds }, ...activeGrantWhere() },
    attributes: ['personId', 'tenantId', 'role'],
  });
  const cells = new Map<string, Role[]>();
  for (const g of grants) {
    const key = `${g.personId}:${g.tenantId}`;
    cells.set(key, [...(cells.get(key) ?? []), g.role]);
  }
  return cells;
}

/** The person a grant belongs to (the page to go back to after revoking it), or null. */
export async function holderOfGrant(ctx: ActionContext, grantId: number): Promise<number | null> {
  if (!can(ctx.actor, 'grants.manage')) throw forbidden();
  const grant = await crossSite('platform-console').grants.findByPk(grantId, { attributes: ['personId'] });
  return grant?.personId ?? null;
}
