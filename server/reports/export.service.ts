// Report exports (CSV, XLSX) as background jobs: the request is stored, one instance claims it
// (an UPDATE … WHERE status = 'queued' is the claim, so it runs once), builds the report with the
// same aggregates as the dashboard, writes the file with exceljs, and records progress as it
// goes. The page that waits reads the row; nothing holds a request open while a file is made.
import { csvLine } from '../text/csv';
import { Op, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { ActionContext } from '../audit/audit.service';
import { runUncachedAction } from '../actions/run-action';
import { siteData } from '../db/site-data';
import { reportExportDownloaded, reportExportRequest } from './export.actions';
import { can } from '../auth/can.policy';
import { kindOf } from '../content/kinds';
import type { PrivateFiles } from '../media/private-files';
import { STRINGS } from '../render/strings';
import type { Period } from './period';
import { loadActor } from '../auth/access';
import { buildReport, type Report, type ReportScope, type SiteRef } from './report.service';
import { summaryOf } from './summary';
import { AppError, forbidden, notFound } from '../core/errors';
import { ReportExport } from './report-export.model';

export interface ExportDeps {
  sequelize: Sequelize;
  files: PrivateFiles;
  logger: Logger;
  /** Every site, for names and kinds. */
  sites: () => SiteRef[];
}

/** Stores an export request (audited); the caller starts it, and any instance's tick would too. */
export async function requestExport(
  deps: ExportDeps,
  ctx: ActionContext,
  siteId: number,
  central: boolean,
  format: 'csv' | 'xlsx',
  period: Period,
  scope: ReportScope,
) {
  return runUncachedAction(deps.sequelize, ctx, reportExportRequest, { siteId, central, format, period, scope });
}

/** The export as its requester (or, for a central one, any central reader) may see it. */
export async function exportFor(ctx: ActionContext, siteId: number, id: number) {
  const job = await siteData({ id: siteId }).reportExports.findByPk(id);
  if (!job) throw notFound('Không tìm thấy bản xuất');
  const allowed = job.central
    ? can(ctx.actor, 'reports.readCentral')
    : can(ctx.actor, 'reports.readSite', { tenantId: siteId });
  if (!allowed || (job.requestedBy !== ctx.actor.id && !job.central)) throw forbidden();
  return job;
}

/** A finished export's file, for someone who may see the export; each download is audited. */
export async function downloadExport(deps: ExportDeps, ctx: ActionContext, siteId: number, id: number) {
  const job = await exportFor(ctx, siteId, id);
  const bytes = job.status === 'done' && job.fileKey ? await deps.files.read(job.fileKey) : null;
  if (!bytes) throw notFound('Tệp chưa sẵn sàng');
  await runUncachedAction(deps.sequelize, ctx, reportExportDownloaded, { siteId, jobId: job.id });
  return {
    bytes,
    format: job.format,
    name: `bao-cao-${job.params.period.from}-${job.params.period.to}.${job.format}`,
  };
}

/**
 * Runs one export if it is still queued (or stuck running for 10 minutes after a crash). Returns
 * false when another instance has it. Progress goes to the row between steps.
 */
export async function runExport(deps: ExportDeps, id: number): Promise<boolean> {
  const [claimed] = await ReportExport.update(
    { status: 'running', startedAt: new Date(), progress: 5 },
    {
      where: {
        id,
        [Op.or]: [{ status: 'queued' }, { status: 'running', startedAt: { [Op.lt]: new Date(Date.now() - 600_000) } }],
      },
    },
  );
  if (!claimed) return false;
  const job = (await ReportExport.findByPk(id))!;
  const step = (progress: number) => ReportExport.update({ progress }, { where: { id } });
  try {
    // Built as the person who asked, with their grants as they are now: a grant revoked since the
    // request stops the export.
    const requester = await loadActor(job.requestedBy);
    if (!requester) throw forbidden();
    const report = await buildReport(
      deps.sequelize,
      requester.actor,
      job.params.period,
      job.params.scope,
      deps.sites(),
    );
    await step(60);
    const bytes = job.format === 'xlsx' ? await toXlsx(report) : toCsv(report);
    await step(90);
    const fileKey = await deps.files.save('export', bytes, job.format);
    await ReportExport.update({ status: 'done', progress: 100, fileKey, finishedAt: new Date() }, { where: { id } });
  } catch (err) {
    const refused = err instanceof AppError && err.status === 403;
    if (!refused) deps.logger.error({ err, exportId: id }, 'report export failed');
    await ReportExport.update(
      {
        status: 'failed',
        error: refused ? 'Người yêu cầu không còn quyền xem báo cáo này.' : 'Không tạo được tệp; hãy thử lại.',
        finishedAt: new Date(),
      },
      { where: { id } },
    );
  }
  return true;
}

/** Runs what is waiting: called on each scheduler tick, so a request survives its instance. */
export async function runQueuedExports(deps: ExportDeps) {
  const waiting = await ReportExport.findAll({
    where: {
      [Op.or]: [
        { status: 'queued', createdAt: { [Op.lt]: new Date(Date.now() - 15_000) } },
        { status: 'running', startedAt: { [Op.lt]: new Date(Date.now() - 600_000) } },
      ],
    },
    attributes: ['id'],
    limit: 5,
  });
  for (const j of waiting) await runExport(deps, j.id);
}

const siteKindLabel = (k: string) => STRINGS.vi[`kind_${k}` as keyof typeof STRINGS.vi] ?? k;
const SITE_COLUMNS: [string, (s: Report['sites'][number], rank: number) => string | number | null][] = [
  ['Hạng', (_s, i) => i + 1],
  ['Trang', (s) => s.name],
  ['Loại trang', (s) => siteKindLabel(s.siteKind)],
  ['Đã đăng', (s) => s.published],
  ['Đúng hạn', (s) => s.onTime],
  ['Chậm', (s) => s.late],
  ['Tỷ lệ đúng hạn', (s) => s.rate],
  ['Hồ sơ cơ quan cung cấp', (s) => s.providerReceived],
  ['Hồ sơ cung cấp chậm', (s) => s.providerLate],
  ['Quá hạn chưa đăng', (s) => s.overdue],
  ['Thời gian duyệt trung vị (giờ)', (s) => s.moderationHours],
  ['Câu hỏi, phản ánh', (s) => s.questions],
  ['Đã trả lời', (s) => s.answered],
  ['Đang chờ', (s) => s.pending],
  ['Dự thảo lấy ý kiến', (s) => s.consultations],
  ['Góp ý', (s) => s.comments],
  ['Lượt truy cập', (s) => s.visits],
];

/** CSV of the per-site table, UTF-8 with a byte-order mark so that spreadsheet programs read it. */
export function toCsv(r: Report): Buffer {
  const lines = [
    csvLine(SITE_COLUMNS.map(([h]) => h)),
    ...r.sites.map((s, i) => csvLine(SITE_COLUMNS.map(([, f]) => f(s, i)))),
  ];
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(r: Report): Promise<Buffer> {
  // exceljs is loaded on first use: it alone took half a second of every start.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cổng thông tin điện tử tỉnh Tuyên Quang';
  wb.created = new Date();
  const bold = { bold: true };

  const summary = wb.addWorksheet('Tổng hợp');
  summary.columns = [{ width: 48 }, { width: 20 }];
  summary.addRow([`Báo cáo ${r.period.label}`]).font = { bold: true, size: 14 };
  summary.addRow([`Từ ${r.period.from} đến ${r.period.to}`]);
  summary.addRow([]);
  for (const line of summaryOf(r)) summary.addRow([line]);
  summary.addRow([]);
  const kpis: [string, number | null, string?][] = [
    ['Số trang', r.totals.sites],
    ['Mục đã đăng', r.totals.published],
    ['Đúng hạn', r.totals.onTime],
    ['Chậm', r.totals.late],
    ['Tỷ lệ đăng đúng hạn', r.totals.rate, '0.0%'],
    ['Hồ sơ cơ quan cung cấp', r.totals.providerReceived],
    ['Hồ sơ cung cấp chậm', r.totals.providerLate],
    ['Quá hạn chưa đăng (lúc xuất)', r.totals.overdue],
    ['Thời gian duyệt trung vị (giờ)', r.moderation.medianHours, '0.0'],
    ['Thời gian duyệt p90 (giờ)', r.moderation.p90Hours, '0.0'],
    ['Câu hỏi, phản ánh', r.totals.questions],
    ['Đã trả lời', r.totals.answered],
    ['Đang chờ', r.totals.pending],
    ['Thời gian trả lời trung vị (ngày)', r.questions.medianAnswerDays, '0.0'],
    ['Dự thảo lấy ý kiến', r.totals.consultations],
    ['Góp ý', r.totals.comments],
    ['Lượt truy cập', r.totals.visits],
    ['Nhuận bút: số khoản', r.royalties.entries],
    ['Nhuận bút: tổng (đồng)', r.royalties.amount, '#,##0'],
    ['Nhuận bút: đã chi trả (đồng)', r.royalties.paid, '#,##0'],
  ];
  for (const [label, value, fmt] of kpis) {
    const row = summary.addRow([label, value]);
    if (fmt) row.getCell(2).numFmt = fmt;
  }

  const table = (
    name: string,
    headers: string[],
    rows: (string | number | Date | null)[][],
    formats: Record<number, string> = {},
  ) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(headers).font = bold;
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of rows) ws.addRow(row);
    headers.forEach((h, i) => {
      ws.getColumn(i + 1).width = Math.max(12, Math.min(60, h.length + 4));
      if (formats[i + 1]) ws.getColumn(i + 1).numFmt = formats[i + 1]!;
    });
    return ws;
  };
  table(
    'Theo trang',
    SITE_COLUMNS.map(([h]) => h),
    r.sites.map((s, i) => SITE_COLUMNS.map(([, f]) => f(s, i))),
    { 7: '0.0%', 11: '0.0' },
  ).getColumn(2).width = 50;
  table(
    'Theo tháng',
    ['Tháng', 'Đã đăng', 'Đúng hạn', 'Chậm'],
    r.monthly.map((m) => [m.month, m.published, m.onTime, m.late]),
  );
  table(
    'Theo loại thông tin',
    ['Loại', 'Đã đăng', 'Đúng hạn', 'Chậm'],
    r.byKind.map((k) => [kindOf(k.kind)?.label ?? k.kind, k.published, k.onTime, k.late]),
  );
  table(
    'Quá hạn chưa đăng',
    ['Trang', 'Tiêu đề', 'Loại', 'Nhận lúc', 'Hạn đăng'],
    r.overdue.map((o) => [o.siteName, o.title, kindOf(o.kind)?.label ?? o.kind, o.receivedAt, o.dueAt]),
    { 4: 'dd/mm/yyyy hh:mm', 5: 'dd/mm/yyyy hh:mm' },
  );
  table(
    'Hỏi đáp',
    ['Loại', 'Đã nhận', 'Đã trả lời', 'Đang chờ', 'Từ chối'],
    r.questions.byKind.map((q) => [
      q.kind === 'question' ? 'Câu hỏi' : 'Phản ánh, kiến nghị',
      q.received,
      q.answered,
      q.pending,
      q.rejected,
    ]),
  );
  table(
    'Xem nhiều',
    ['Trang', 'Tiêu đề', 'Đường dẫn', 'Lượt xem'],
    r.topItems.map((t) => [t.siteName, t.title, t.path, t.views]),
  );
  table(
    'Hoạt động',
    ['Thành phần', 'Lần kiểm tra', 'Lần lỗi', 'Tỷ lệ hoạt động'],
    r.uptime.map((u) => [u.label, u.checks, u.failures, u.uptime]),
    { 4: '0.00%' },
  );
  table(
    'Sự cố',
    ['Bắt đầu', 'Kết thúc', 'Mức độ', 'Nguyên nhân', 'Biện pháp', 'Phút'],
    r.incidents.map((i) => [i.startsAt, i.endsAt, i.severity, i.cause, i.action, i.minutes]),
    { 1: 'dd/mm/yyyy hh:mm', 2: 'dd/mm/yyyy hh:mm' },
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
