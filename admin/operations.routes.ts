// Operation of the platform, on the portal's console: availability from the self-check, incidents
// (recorded and closed by system administrators) and planned maintenance notices.
import { Router } from 'express';
import { can } from '../server/auth/can.policy';
import { pct } from '../server/reports/charts';
import {
  announceMaintenance,
  closeIncident,
  incidentsIn,
  listNotices,
  NOTICE_WORKING_DAYS,
  recordIncident,
  SEVERITY_LABELS,
} from '../server/ops/incidents.service';
import { uptimeOf } from '../server/ops/uptime.service';
import { periodOf } from './reports.routes';
import { actionContext, idOf, locals, renderAdmin, str, tryAction, type AdminDeps } from './admin-context';
import { forbidden } from '../server/core/errors';

const BASE = '/van-hanh';

export function operationsRoutes(deps: AdminDeps): Router {
  const router = Router();
  const gate = (res: Parameters<typeof locals>[0], manage = false) => {
    const { actor, isPortal } = locals(res);
    const ok = manage
      ? can(actor, 'incidents.manage')
      : can(actor, 'incidents.manage') || can(actor, 'reports.readCentral');
    if (!isPortal || !ok) throw forbidden();
  };
  const form = (body: Record<string, unknown>) => ({
    ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v : str(v, 2000)])),
  });

  router.get(BASE, async (req, res) => {
    gate(res);
    const period = periodOf(req.query as Record<string, unknown>);
    const sites = deps.registry.all();
    const [uptime, incidents, notices] = await Promise.all([
      uptimeOf(
        deps.sequelize,
        period.from,
        period.to,
        sites.map((s) => ({ id: s.id, name: s.nameVi })),
      ),
      incidentsIn(deps.sequelize, period.from, period.to),
      listNotices(deps.sequelize),
    ]);
    renderAdmin(req, res, deps, 'operations', {
      title: `Vận hành ${period.label}`,
      period,
      uptime: uptime.map((u) => ({
        ...u,
        pct: pct(u.uptime),
        low: u.uptime !== null && u.uptime < 0.999,
      })),
      incidents: incidents.map((i) => ({ ...i, severityLabel: SEVERITY_LABELS[i.severity], open: !i.endsAt })),
      notices: notices.map((n) => ({
        ...n,
        where: n.siteIds
          ? (n.siteIds as number[]).map((id) => deps.registry.get(id)?.nameVi ?? `#${id}`).join(', ')
          : 'Tất cả các trang',
      })),
      severities: Object.entries(SEVERITY_LABELS).map(([value, label]) => ({ value, label })),
      sites: sites
        .filter((s) => s.status === 'active')
        .sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'))
        .map((s) => ({ id: s.id, name: s.nameVi })),
      mayManage: can(locals(res).actor, 'incidents.manage'),
      noticeDays: NOTICE_WORKING_DAYS,
    });
  });
  router.post(`${BASE}/su-co`, async (req, res) => {
    gate(res, true);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}${BASE}`,
      () => recordIncident(deps.sequelize, actionContext(req, res), form(req.body as Record<string, unknown>)),
      'Đã ghi nhận sự cố.',
    );
  });
  router.post(`${BASE}/su-co/:id/ket-thuc`, async (req, res) => {
    gate(res, true);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}${BASE}`,
      () => closeIncident(deps.sequelize, actionContext(req, res), idOf(req.params.id) ?? 0, str(req.body.endsAt, 30)),
      'Đã ghi thời điểm kết thúc sự cố.',
    );
  });
  router.post(`${BASE}/bao-tri`, async (req, res) => {
    gate(res, true);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}${BASE}`,
      () => announceMaintenance(deps, actionContext(req, res), form(req.body as Record<string, unknown>)),
      'Đã đăng thông báo bảo trì trên các trang liên quan.',
    );
  });
  return router;
}
