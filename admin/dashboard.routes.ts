import { Router } from 'express';
import { Op } from 'sequelize';
import { Tenant } from '../tenants/tenant.model';
import { activeGrantWhere } from '../server/auth/access';
import { can } from '../server/auth/can.policy';
import { Grant } from '../server/auth/grant.model';
import { Person } from '../server/auth/person.model';
import { ROLE_LABELS, type Role } from '../server/auth/roles';
import { adminUrlOf, locals, renderAdmin, type AdminDeps } from './admin-context';

export function dashboardRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { actor, isPortal, ctx } = locals(res);
    const a = actor!;
    const mySites = [...a.siteRoles.entries()]
      .map(([id, roles]) => ({
        id,
        name: deps.registry.get(id)?.nameVi ?? `#${id}`,
        url: deps.registry.get(id) ? adminUrlOf(deps, req, deps.registry.get(id)!) : null,
        roles: [...roles].map((r) => ROLE_LABELS[r]).join(', '),
      }))
      .sort((x, y) => x.name.localeCompare(y.name, 'vi'));
    const platformRoles = [...a.platformRoles].map(
      (r: Role) => ROLE_LABELS[r] + (r === 'board' && a.boardPosition ? ` (${a.boardPosition})` : ''),
    );
    const stats =
      isPortal && can(a, 'sites.list')
        ? {
            sites: await Tenant.count(),
            activeSites: await Tenant.count({ where: { status: 'active' } }),
            people: can(a, 'people.list') ? await Person.count() : null,
            grants: can(a, 'grants.manage') ? await Grant.count({ where: activeGrantWhere() }) : null,
            expiringSoon: can(a, 'grants.manage')
              ? await Grant.count({
                  where: {
                    revokedAt: null,
                    expiresAt: { [Op.gt]: new Date(), [Op.lt]: new Date(Date.now() + 14 * 86400_000) },
                  },
                })
              : null,
          }
        : null;
    const siteRoles = [...(a.siteRoles.get(ctx.site.id) ?? [])].map((r) => ROLE_LABELS[r]);
    renderAdmin(req, res, deps, 'dashboard', { title: 'Bảng điều khiển', mySites, platformRoles, stats, siteRoles });
  });
  return router;
}
