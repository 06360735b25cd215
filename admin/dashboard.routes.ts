// The back office's front page: the person's sites and roles, and on the portal the console's figures.
import { Router } from 'express';
import { consoleStats } from '../server/console/stats';
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
    const stats = isPortal ? await consoleStats(a) : null;
    const siteRoles = [...(a.siteRoles.get(ctx.site.id) ?? [])].map((r) => ROLE_LABELS[r]);
    renderAdmin(req, res, deps, 'dashboard', { title: 'Bảng điều khiển', mySites, platformRoles, stats, siteRoles });
  });
  return router;
}
