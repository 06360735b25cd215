// The reporting dashboard: on the portal, every site for reporters, operators, the Board and system
// administrators (filters by site kind, site and content kind); on a site's back office, that
// site alone for its administrator. Charts are server-drawn SVG, each with its table.
import { Router, type Request, type Response } from 'express';
import { KINDS, kindOf } from '../server/content/kinds';
import { can } from '../server/auth/can.policy';
import { forbidden } from '../server/audit/audit.service';
import { badRequest } from '../server/http/errors';
import { STRINGS } from '../server/render/strings';
import { COLOURS, pct, rateBars, stackedBars } from '../server/reports/charts';
import { currentHalf, parsePeriod, presetsAround, type Period } from '../server/reports/period';
import { buildReport, type Report, type ReportScope } from '../server/reports/report.service';
import { TENANT_KINDS, type TenantKind } from '../tenants/tenant.types';
import { locals, renderAdmin, str, type AdminDeps } from './admin-context';

export const REPORTS_PATH = '/bao-cao';

/** Who sees what: the central readers every active site (narrowed by filters), others their site. */
export function reportScope(
  deps: AdminDeps,
  req: Request,
  res: Response,
): { scope: ReportScope; central: boolean; filters: Record<string, string> } {
  const { actor, isPortal, ctx } = locals(res);
  const central = isPortal && can(actor, 'reports.readCentral');
  if (!central && !can(actor, 'reports.readSite', { tenantId: ctx.site.id })) throw forbidden();
  const kind = str(req.query.kind, 40);
  if (kind && !kindOf(kind)) throw badRequest('Loại thông tin không hợp lệ');
  if (!central) return { scope: { siteIds: [ctx.site.id], kind: kind || undefined }, central, filters: { kind } };
  const siteKind = str(req.query.siteKind, 20);
  if (siteKind && !TENANT_KINDS.includes(siteKind as TenantKind)) throw badRequest('Loại trang không hợp lệ');
  const site = Number(str(req.query.site, 12));
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

export function periodOf(req: Request): Period {
  const p = parsePeriod(req.query as Record<string, unknown>);
  if (typeof p === 'string') throw badRequest(p);
  return p;
}

const hours = (h: number | null) =>
  h === null
    ? '—'
    : h < 48
      ? `${h.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giờ`
      : `${(h / 24).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ngày`;
const days = (d: number | null) =>
  d === null ? '—' : `${d.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ngày`;

/** The report as the dashboard and the printed report show it: numbers formatted, charts drawn. */
export function reportView(report: Report) {
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

/** A short summary in words, from the figures only. */
export function summaryOf(r: Report): string[] {
  const n = (v: number) => v.toLocaleString('vi-VN');
  const lines = [
    `Trong kỳ (${r.period.label}), ${n(r.totals.sites)} trang đã đăng ${n(r.totals.published)} mục thông tin; ${n(r.totals.onTime)} mục đúng hạn, ${n(r.totals.late)} mục chậm so với thời hạn đăng tải (tỷ lệ đúng hạn ${pct(r.totals.rate)}).`,
  ];
  if (r.totals.providerReceived)
    lines.push(
      `Các cơ quan đã cung cấp ${n(r.totals.providerReceived)} hồ sơ thông tin, ${n(r.totals.providerLate)} hồ sơ chậm so với thời hạn cung cấp (tỷ lệ đúng hạn ${pct(r.totals.providerRate)}).`,
    );
  const lateSites = r.sites.filter((s) => s.late > 0);
  if (lateSites.length)
    lines.push(
      `${n(lateSites.length)} trang có mục đăng chậm, nhiều nhất: ${[...lateSites]
        .sort((a, b) => b.late - a.late)
        .slice(0, 5)
        .map((s) => `${s.name} (${n(s.late)})`)
        .join(', ')}.`,
    );
  else lines.push('Không trang nào đăng chậm trong kỳ.');
  if (r.totals.overdue) lines.push(`Hiện có ${n(r.totals.overdue)} mục đã quá hạn mà chưa được đăng.`);
  lines.push(
    `Người dân gửi ${n(r.totals.questions)} câu hỏi, phản ánh; đã trả lời ${n(r.totals.answered)}, còn ${n(r.totals.pending)} đang chờ xử lý${r.questions.medianAnswerDays !== null ? `; thời gian trả lời trung vị ${days(r.questions.medianAnswerDays)}` : ''}.`,
  );
  if (r.totals.consultations)
    lines.push(`${n(r.totals.consultations)} dự thảo được lấy ý kiến, nhận ${n(r.totals.comments)} góp ý.`);
  lines.push(`Tổng số lượt truy cập trong kỳ: ${n(r.totals.visits)}.`);
  return lines;
}

export function reportsRoutes(deps: AdminDeps): Router {
  const router = Router();

  const formOf = (req: Request, res: Response, period: Period, central: boolean, filters: Record<string, string>) => {
    const year = Number(period.to.slice(0, 4));
    const q = new URLSearchParams(
      Object.entries({
        ...(period.preset === 'custom' ? { from: period.from, to: period.to } : { period: period.preset }),
        ...filters,
      }).filter(([, v]) => v),
    ).toString();
    return {
      query: q,
      presets: presetsAround(Math.max(year, Number(currentHalf().to.slice(0, 4)))).map((p) => ({
        value: p.preset,
        label: p.label.replace(/^./, (c) => c.toUpperCase()),
        selected: p.preset === period.preset,
      })),
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
    const { scope, central, filters } = reportScope(deps, req, res);
    const period = periodOf(req);
    const sites = deps.registry.all().map((s) => ({ id: s.id, name: s.nameVi, kind: s.kind }));
    const report = await buildReport(deps.sequelize, period, scope, sites);
    return { report, period, central, filters };
  };

  router.get(REPORTS_PATH, async (req, res) => {
    const { report, period, central, filters } = await load(req, res);
    renderAdmin(req, res, deps, 'reports', {
      title: `Báo cáo ${period.label}`,
      period,
      form: formOf(req, res, period, central, filters),
      r: reportView(report),
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
      r: reportView(report),
    });
  });

  return router;
}
