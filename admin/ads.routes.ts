// Advertising in the portal's console: placements with their banner, dates and sites; withdrawal;
// revenue; and the period's report of impressions, clicks and revenue per placement.
import type { CsrfSync } from 'csrf-sync';
import { Router, type Response } from 'express';
import multer from 'multer';
import {
  adReport,
  createPlacement,
  recordRevenue,
  SLOTS,
  withdrawPlacement,
  type AdDeps,
} from '../server/ads/ads.service';
import { can } from '../server/auth/can.policy';
import { periodOf } from './reports.routes';
import { readMultipart } from './multipart';
import {
  actionContext,
  idOf,
  locals,
  redirectWith,
  renderAdmin,
  str,
  tryAction,
  type AdminDeps,
} from './admin-context';
import { ValidationError, forbidden } from '../server/core/errors';

const BASE = '/quang-cao';

export function adsAdminRoutes(deps: AdminDeps, csrf: CsrfSync): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8', // browsers send file names in UTF-8; busboy would read them as latin1
    limits: { fileSize: 2 * 1024 * 1024, files: 1, fields: 20 },
  });
  const adDeps = (): AdDeps => ({
    sequelize: deps.sequelize,
    cache: deps.cache,
    store: deps.mediaStore,
    portalId: () => deps.registry.portal()!.id,
  });
  const gate = (res: Response, manage = false) => {
    const { actor, isPortal } = locals(res);
    if (!isPortal || !(can(actor, 'ads.manage') || (!manage && can(actor, 'reports.readCentral')))) throw forbidden();
  };

  router.get(BASE, async (req, res) => {
    gate(res);
    const period = periodOf(req.query as Record<string, unknown>);
    const rows = await adReport(deps.sequelize, period.from, period.to);
    const money = (n: number) => `${n.toLocaleString('vi-VN')} đ`;
    renderAdmin(req, res, deps, 'ads', {
      title: 'Quảng cáo',
      period,
      placements: rows.map((r) => ({
        ...r,
        revenueText: money(r.revenue),
        ctr: r.impressions
          ? `${((r.clicks / r.impressions) * 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 })} %`
          : '—',
        where: r.siteIds
          ? (r.siteIds as number[]).map((id) => deps.registry.get(id)?.nameVi ?? `#${id}`).join(', ')
          : 'Tất cả các trang',
      })),
      totals: {
        impressions: rows.reduce((s, r) => s + r.impressions, 0),
        clicks: rows.reduce((s, r) => s + r.clicks, 0),
        revenue: money(rows.reduce((s, r) => s + r.revenue, 0)),
      },
      slots: Object.entries(SLOTS).map(([value, label]) => ({ value, label })),
      sites: deps.registry
        .all()
        .filter((s) => s.status === 'active')
        .sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'))
        .map((s) => ({ id: s.id, name: s.nameVi })),
      mayManage: can(locals(res).actor, 'ads.manage'),
    });
  });

  router.post(BASE, readMultipart(upload.single('image'), csrf, 'Ảnh quảng cáo: tối đa 2 MB.'), async (req, res) => {
    gate(res, true);
    const body = req.body as Record<string, unknown>;
    const raw = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v : str(v, 500)]));
    try {
      await createPlacement(
        adDeps(),
        actionContext(req, res),
        raw,
        req.file ? { bytes: req.file.buffer, name: req.file.originalname } : null,
      );
    } catch (err) {
      if (err instanceof ValidationError)
        return redirectWith(req, res, `${locals(res).adminBase}${BASE}`, 'error', err.message);
      throw err;
    }
    redirectWith(req, res, `${locals(res).adminBase}${BASE}`, 'ok', 'Đã đặt quảng cáo.');
  });
  router.post(`${BASE}/:id/go`, async (req, res) => {
    gate(res, true);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}${BASE}`,
      () => withdrawPlacement(adDeps(), actionContext(req, res), idOf(req.params.id) ?? 0),
      'Đã gỡ quảng cáo.',
    );
  });
  router.post(`${BASE}/:id/doanh-thu`, async (req, res) => {
    gate(res, true);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}${BASE}`,
      () =>
        recordRevenue(adDeps(), actionContext(req, res), idOf(req.params.id) ?? 0, {
          amount: str(req.body.amount, 20),
          receivedOn: str(req.body.receivedOn, 10),
          note: str(req.body.note, 500),
        }),
      'Đã ghi doanh thu.',
    );
  });
  return router;
}
