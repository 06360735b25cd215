// The reporting dashboard: on the portal, every site for reporters, operators, the Board and system
// administrators (filters by site kind, site and content kind); on a site's back office, that
// site alone for its administrator. Charts are server-drawn SVG, each with its table.
import { Router, type Request, type Response } from 'express';
import { attachmentDisposition } from '../server/text/content-disposition';
import { KINDS, kindOf } from '../server/content/kinds';
import { can } from '../server/auth/can.policy';
import { STRINGS } from '../server/render/strings';
import { COLOURS, pct, rateBars, stackedBars } from '../server/reports/charts';
import { parsePeriod, presetOptions, type Period } from '../server/reports/period';
import { buildReport, type Report, type ReportScope } from '../server/reports/report.service';
import { days, hours, summaryOf } from '../server/reports/summary';
import { SEVERITY_LABELS } from '../server/ops/incidents.service';
import { TENANT_KINDS, type TenantKind } from '../tenants/tenant.types';
import { actionContext, idOf, locals, renderAdmin, str, type AdminDeps } from './admin-context';
import { downloadExport, exportFor, requestExport, runExport, type ExportDeps } from '../server/reports/export.service';
import { badRequest, forbidden } from '../server/core/errors';

export const REPORTS_PATH = '/bao-cao';

/** Who sees what: the central readers every active site (narrowed by filters), others their site. */
export function reportScope(
  deps: AdminDeps,
  input: Record<string, unknown>,
  res: Response,
): { scope: ReportScope; central: boolean; filters: Record<string, string> } {
  const { actor, isPortal, ctx } = locals(res);
  const central = isPortal && can(actor, 'reports.readCentral');
  if (!central && !can(actor, 'reports.readSite', { tenantId: ctx.site.id })) throw forbidden();
  const kind = str(input.kind, 40);
  if (kind && !kindOf(kind)) throw badRequest('Loại thông tin không hợp lệ');
  if (!central) return { scope: { siteIds: [ctx.site.id], kind: kind || undefined }, central, filters: { kind } };
  const siteKind = str(input.siteKind, 20);
  if (siteKind && !TENANT_KINDS.includes(siteKind as TenantKind)) throw badRequest('Loại trang không hợp lệ');
  const site = Number(str(input.site, 12));
  const sites = deps.registry
    .all()
    .filter((s) => s.status !== 'archived')
    .filter((s) => !siteKind || s.kind === siteKind)
    .filter((s) => !site || s.id === site);
  if (site && sites.length === 0) throw badRequest('Trang không hợp lệ');
  return {
    scope: { siteIds: sites.map((s) => s.id), kind: kind || undefined },
    central,
    filters: { kind, siteKind, site: site ? String(site) : '' },
  };
}

export function periodOf(input: Record<string, unknown>): Period {
  const p = parsePeriod(input);
  if (typeof p === 'string') throw badRequest(p);
  return p;
}

/** The report as the dashboard and the printed report show it: numbers formatted, charts drawn. */
export function reportView(report: Report, kind?: string) {
  const kindLabel = (code: string) => kindOf(code)?.label ?? code;
  const siteKindLabel = (k: string) => STRINGS.vi[`kind_${k}` as keyof typeof STRINGS.vi] ?? k;
  const late = report.sites.filter((s) => s.late > 0 || s.overdue > 0);
  return {
    totals: {
      ...report.totals,
      ratePct: pct(report.totals.rate),
      providerRatePct: pct(report.totals.providerRate),
    },
    sites: report.sites.map((s, i) => ({
      ...s,
      rank: i + 1,
      ratePct: pct(s.rate),
      siteKindLabel: siteKindLabel(s.siteKind),
      moderation: hours(s.moderationHours),
      flagged: s.rate !== null && s.rate < 0.9,
    })),
    byKind: report.byKind.map((k) => ({
      ...k,
      label: kindLabel(k.kind),
      ratePct: pct(k.onTime + k.late ? k.onTime / (k.onTime + k.late) : null),
    })),
    monthly: report.monthly.map((m) => ({
      ...m,
      label: `${m.month.slice(5)}/${m.month.slice(0, 4)}`,
      ratePct: pct(m.onTime + m.late ? m.onTime / (m.onTime + m.late) : null),
    })),
    overdue: report.overdue.map((o) => ({ ...o, kindLabel: kindLabel(o.kind) })),
    moderation: {
      n: report.moderation.n,
      median: hours(report.moderation.medianHours),
      p90: hours(report.moderation.p90Hours),
    },
    questions: {
      byKind: report.questions.byKind.map((q) => ({
        ...q,
        label: q.kind === 'question' ? 'Câu hỏi' : 'Phản ánh, kiến nghị',
      })),
      medianAnswer: days(report.questions.medianAnswerDays),
    },
    topItems: report.topItems,
    // Questions, visits and royalties belong to no kind of content: a kind filter leaves them whole.
    kindNote: kind
      ? `Lọc theo loại thông tin "${kindLabel(kind)}": câu hỏi, phản ánh, lượt truy cập và nhuận bút vẫn tính cho mọi loại.`
      : null,
    royalties: {
      ...report.royalties,
      amount: report.royalties.amount.toLocaleString('vi-VN'),
      paid: report.royalties.paid.toLocaleString('vi-VN'),
    },
    uptime: report.uptime.map((u) => ({ ...u, pct: pct(u.uptime) })),
    incidents: report.incidents.map((i) => ({ ...i, severityLabel: SEVERITY_LABELS[i.severity] })),
    lateSites: late.map((s) => s.name),
    summary: summaryOf(report),
    charts: {
      monthly: stackedBars(
        'chart-monthly',
        'Số mục đăng theo tháng, đúng hạn và chậm',
        `Từ ${report.period.from} đến ${report.period.to}; số liệu ở bảng ngay sau biểu đồ.`,
        report.monthly.map((m) => `${m.month.slice(5)}/${m.month.slice(2, 4)}`),
        [
          { name: 'Đúng hạn', values: report.monthly.map((m) => m.onTime), colour: COLOURS.onTime },
          { name: 'Chậm', values: report.monthly.map((m) => m.late), colour: COLOURS.late },
          {
            name: 'Không tính hạn',
            values: report.monthly.map((m) => m.published - m.onTime - m.late),
            colour: COLOURS.neutral,
          },
        ],
      ),
      rates: rateBars(
        'chart-rates',
        'Tỷ lệ đăng đúng hạn theo trang',
        'Các trang xếp theo tỷ lệ đăng đúng hạn; số liệu ở bảng xếp hạng ngay sau biểu đồ.',
        report.sites.slice(0, 40).map((s) => ({ label: s.name, rate: s.rate })),
      ),
    },
  };
}

export function reportsRoutes(deps: AdminDeps): Router {
  const router = Router();

  const formOf = (req: Request, res: Response, period: Period, central: boolean, filters: Record<string, string>) => {
    const q = new URLSearchParams(
      Object.entries({
        ...(period.preset === 'custom' ? { from: period.from, to: period.to } : { period: period.preset }),
        ...filters,
      }).filter(([, v]) => v),
    ).toString();
    return {
      query: q,
      hidden: [...new URLSearchParams(q)].map(([name, value]) => ({ name, value })),
      formats: [
        { value: 'xlsx', label: 'Xuất Excel (XLSX)' },
        { value: 'csv', label: 'Xuất CSV' },
      ],
      presets: presetOptions(period),
      custom: period.preset === 'custom',
      from: period.from,
      to: period.to,
      central,
      filters,
      kinds: KINDS.map((k) => ({ value: k.code, label: k.label, selected: k.code === filters.kind })),
      siteKinds: TENANT_KINDS.map((k) => ({
        value: k,
        label: STRINGS.vi[`kind_${k}`],
        selected: k === filters.siteKind,
      })),
      sites: central
        ? deps.registry
            .all()
            .filter((s) => s.status !== 'archived')
            .sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'))
            .map((s) => ({ value: String(s.id), label: s.nameVi, selected: String(s.id) === filters.site }))
        : [],
      base: `${locals(res).adminBase}${REPORTS_PATH}`,
    };
  };

  const load = async (req: Request, res: Response) => {
    const input = req.query as Record<string, unknown>;
    const { scope, central, filters } = reportScope(deps, input, res);
    const period = periodOf(input);
    const sites = deps.registry.all().map((s) => ({ id: s.id, name: s.nameVi, kind: s.kind }));
    const report = await buildReport(deps.sequelize, actionContext(req, res).actor, period, scope, sites);
    return { report, period, central, filters };
  };

  router.get(REPORTS_PATH, async (req, res) => {
    const { report, period, central, filters } = await load(req, res);
    renderAdmin(req, res, deps, 'reports', {
      title: `Báo cáo ${period.label}`,
      period,
      form: formOf(req, res, period, central, filters),
      r: reportView(report, filters.kind),
    });
  });

  // The printable report: the province's header, the same tables and charts, and the summary.
  router.get(`${REPORTS_PATH}/in`, async (req, res) => {
    const { report, period, central, filters } = await load(req, res);
    const { ctx } = locals(res);
    renderAdmin(req, res, deps, 'report-print', {
      title: `Báo cáo ${period.label}`,
      bare: true,
      period,
      central,
      issuer: central ? 'TRUNG TÂM THÔNG TIN VÀ HỘI NGHỊ' : ctx.site.nameVi.toUpperCase(),
      today: new Date(),
      form: formOf(req, res, period, central, filters),
      r: reportView(report, filters.kind),
    });
  });

  // Exports: a POST (with its CSRF token) stores the request; a page shows its progress.
  const exportDeps = (): ExportDeps => ({
    sequelize: deps.sequelize,
    files: deps.files,
    logger: deps.logger,
    sites: () => deps.registry.all().map((s) => ({ id: s.id, name: s.nameVi, kind: s.kind })),
  });
  router.post(`${REPORTS_PATH}/xuat`, async (req, res) => {
    const input = req.body as Record<string, unknown>;
    const format = str(input.format, 5);
    if (format !== 'csv' && format !== 'xlsx') throw badRequest('Định dạng không hợp lệ');
    const { scope, central } = reportScope(deps, input, res);
    const period = periodOf(input);
    const job = await requestExport(
      exportDeps(),
      actionContext(req, res),
      locals(res).ctx.site.id,
      central,
      format,
      period,
      scope,
    );
    // Started here at once; the scheduler's tick on any instance picks it up if this one stops.
    setImmediate(() => void runExport(exportDeps(), job.id).catch(() => undefined));
    res.redirect(303, `${locals(res).adminBase}${REPORTS_PATH}/xuat/${job.id}`);
  });
  router.get(`${REPORTS_PATH}/xuat/:id`, async (req, res) => {
    const job = await exportFor(actionContext(req, res), locals(res).ctx.site.id, idOf(req.params.id) ?? 0);
    const waiting = job.status === 'queued' || job.status === 'running';
    renderAdmin(req, res, deps, 'report-export', {
      title: 'Xuất báo cáo',
      job: job.get({ plain: true }),
      waiting,
      done: job.status === 'done',
      failed: job.status === 'failed',
      refreshAfter: waiting ? 2 : null,
      back: `${locals(res).adminBase}${REPORTS_PATH}`,
    });
  });
  router.get(`${REPORTS_PATH}/xuat/:id/tai`, async (req, res) => {
    const site = locals(res).ctx.site;
    const file = await downloadExport(exportDeps(), actionContext(req, res), site.id, idOf(req.params.id) ?? 0);
    res
      .set({
        'content-type':
          file.format === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        'content-disposition': attachmentDisposition(file.name),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
      .send(file.bytes);
  });

  return router;
}
