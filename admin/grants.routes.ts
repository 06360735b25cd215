// Grants as a people × sites matrix, with bulk grant and revoke (one person made editor of
// twelve communes at once), and the revocation of a single grant.
import { Router, type Response } from 'express';
import { matrixSites } from '../tenants/site.service';
import { TENANT_KINDS } from '../tenants/tenant.types';
import { can } from '../server/auth/can.policy';
import { bulkGrants, grantMatrix, holderOfGrant, revokeGrant } from '../server/auth/grants.service';
import { listPeople } from '../server/auth/people.service';
import { ROLE_LABELS, SITE_ROLES, type Role } from '../server/auth/roles';
import {
  actionContext,
  idOf,
  locals,
  pageOf,
  pager,
  redirectWith,
  renderAdmin,
  str,
  type AdminDeps,
} from './admin-context';
import { KIND_LABELS } from './sites.routes';
import { ValidationError, forbidden } from '../server/core/errors';

const PEOPLE_PER_PAGE = 20;
const MAX_SITES = 80;
const ROLE_SHORT: Record<string, string> = {
  site_admin: 'QT',
  approver: 'D',
  editor: 'BT',
  contributor: 'CTV',
  viewer: 'X',
};

const ids = (v: unknown) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(idOf).filter((n): n is number => n !== null);

export function grantsRoutes(deps: AdminDeps): Router {
  const router = Router();
  const guard = (res: Response) => {
    if (!locals(res).isPortal || !can(locals(res).actor, 'grants.manage')) throw forbidden();
  };

  router.get('/phan-quyen', async (req, res) => {
    guard(res);
    const q = str(req.query.q);
    const kind = str(req.query.kind);
    const siteQ = str(req.query.site);
    const page = pageOf(req.query.page);
    const ctx = actionContext(req, res);
    const people = await listPeople(ctx, { q, page, perPage: PEOPLE_PER_PAGE });
    const portal = deps.registry.portal();
    const sites = [
      ...(portal && !kind && !siteQ ? [{ id: portal.id, nameVi: portal.nameVi }] : []),
      ...(await matrixSites(ctx, { kind, q: siteQ, limit: MAX_SITES })),
    ];
    const cells = await grantMatrix(
      ctx,
      people.rows.map((p) => p.id),
      sites.map((s) => s.id),
    );
    renderAdmin(req, res, deps, 'grants-matrix', {
      title: 'Phân quyền theo trang',
      sites: sites.map((s) => ({ id: s.id, name: s.nameVi })),
      rows: people.rows.map((p) => ({
        id: p.id,
        name: p.fullName,
        email: p.email,
        cells: sites.map((s) => {
          const roles = cells.get(`${p.id}:${s.id}`) ?? [];
          return {
            roles: roles.map((r) => ROLE_SHORT[r] ?? r).join(' '),
            title: roles.map((r) => ROLE_LABELS[r]).join(', '),
          };
        }),
      })),
      filters: { q, kind, site: siteQ },
      kinds: TENANT_KINDS.filter((k) => k !== 'province').map((k) => ({ value: k, label: KIND_LABELS[k] })),
      roles: SITE_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
      legend: Object.entries(ROLE_SHORT).map(([r, s]) => ({ short: s, label: ROLE_LABELS[r as Role] })),
      pager: pager(people.total, page, PEOPLE_PER_PAGE, `${locals(res).adminBase}/phan-quyen`, {
        q,
        kind,
        site: siteQ,
      }),
      siteLimit: sites.length >= MAX_SITES,
    });
  });

  router.post('/phan-quyen/hang-loat', async (req, res) => {
    guard(res);
    const back = `${locals(res).adminBase}/phan-quyen${req.body.back ? `?${new URLSearchParams(str(req.body.back, 500)).toString()}` : ''}`;
    const mode = str(req.body.mode) === 'revoke' ? 'revoke' : 'grant';
    const role = str(req.body.role) as Role;
    try {
      const changed = await bulkGrants(deps.sequelize, actionContext(req, res), {
        mode,
        role,
        personIds: ids(req.body.personIds),
        tenantIds: ids(req.body.tenantIds),
        expiresAt: str(req.body.expiresAt) ? new Date(`${str(req.body.expiresAt)}T23:59:59+07:00`) : null,
        reason: str(req.body.reason, 500),
      });
      redirectWith(
        req,
        res,
        back,
        'ok',
        mode === 'grant'
          ? `Đã cấp "${ROLE_LABELS[role]}" cho ${changed} cặp người × trang.`
          : `Đã thu hồi ${changed} quyền "${ROLE_LABELS[role]}".`,
      );
    } catch (err) {
      if (err instanceof ValidationError) return redirectWith(req, res, back, 'error', err.message);
      throw err;
    }
  });

  router.post('/phan-quyen/:id/thu-hoi', async (req, res) => {
    guard(res);
    const holder = await holderOfGrant(actionContext(req, res), idOf(req.params.id) ?? 0);
    const back = holder ? `${locals(res).adminBase}/nguoi-dung/${holder}` : `${locals(res).adminBase}/phan-quyen`;
    try {
      await revokeGrant(deps.sequelize, actionContext(req, res), idOf(req.params.id) ?? 0, str(req.body.reason, 500));
    } catch (err) {
      if (err instanceof ValidationError) return redirectWith(req, res, back, 'error', err.message);
      throw err;
    }
    redirectWith(req, res, back, 'ok', 'Đã thu hồi quyền; quyền hết hiệu lực ngay từ yêu cầu tiếp theo.');
  });

  return router;
}
