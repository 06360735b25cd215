// Royalties in the back office: the approver records them on a published item; the central
// readers (and a site's administrator, for their site) read statements per person and totals per
// site for a period, and export them; the Trung tâm's operators keep the rate table and record
// payments.
import { csvLine } from '../server/text/csv';
import { attachmentDisposition } from '../server/text/content-disposition';
import { Router, type Request, type Response } from 'express';
import { can } from '../server/auth/can.policy';
import { loadItem } from '../server/content/load-item';
import { kindOf } from '../server/content/kinds';
import { vnDay } from '../server/calendar/working-calendar';
import {
  addRate,
  deleteRoyalty,
  entriesOfItem,
  exportStatements,
  markPaid,
  rateHistory,
  ratesOn,
  recordRoyalty,
  ROLE_LABELS,
  statements,
  type RoyaltyEntryRow,
} from '../server/royalties/royalty.service';
import { periodOf, reportScope } from './reports.routes';
import { presetOptions } from '../server/reports/period';
import { actionContext, idOf, locals, renderAdmin, siteOf, str, tryAction, type AdminDeps } from './admin-context';
import { badRequest, forbidden } from '../server/core/errors';

const money = (n: number) => `${n.toLocaleString('vi-VN')} đ`;
const BASE = '/nhuan-but';

export function royaltiesRoutes(deps: AdminDeps): Router {
  const router = Router();
  const body = (req: Request) =>
    Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, str(v, 300)]));
  const entryView = (e: RoyaltyEntryRow) => ({
    ...e,
    roleLabel: ROLE_LABELS[e.role],
    sharePct: `${Math.round(e.share * 10000) / 100} %`,
    amountText: money(e.amount),
    unitText: money(e.unitValue),
  });

  // On an item: the entries and the form (approvers of the site, and the Board).
  router.get('/tin-bai/:id/nhuan-but', async (req, res) => {
    const site = siteOf(res);
    const actor = locals(res).actor!;
    const mayRecord = can(actor, 'content.publish', { tenantId: site.id });
    if (!mayRecord && !can(actor, 'reports.readSite', { tenantId: site.id })) throw forbidden();
    const item = await loadItem(site.id, idOf(req.params.id) ?? 0);
    const publishedOn = item.publishedAt ? vnDay(item.publishedAt) : null;
    const rates = publishedOn ? await ratesOn(deps.sequelize, publishedOn) : null;
    const entries = (await entriesOfItem(deps.sequelize, actor, site.id, item.id)).map(entryView);
    renderAdmin(req, res, deps, 'royalties-item', {
      title: `Nhuận bút: ${item.title}`,
      item: { id: item.id, title: item.title, kindLabel: kindOf(item.kind)?.label, publishedOn },
      rates: rates && {
        ...rates,
        baseText: rates.baseSalary ? money(rates.baseSalary.amount) : null,
        unitText: rates.baseSalary ? money(rates.baseSalary.amount / 10) : null,
      },
      entries,
      total: money(entries.reduce((s, e) => s + e.amount, 0)),
      mayRecord: mayRecord && !!publishedOn,
      roles: Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label })),
    });
  });
  router.post('/tin-bai/:id/nhuan-but', async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/tin-bai/${id}/nhuan-but`,
      () => recordRoyalty(deps.sequelize, actionContext(req, res), siteOf(res), id, body(req)),
      'Đã ghi nhuận bút.',
    );
  });
  router.post('/tin-bai/:id/nhuan-but/:entry/xoa', async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/tin-bai/${id}/nhuan-but`,
      () => deleteRoyalty(deps.sequelize, actionContext(req, res), siteOf(res), idOf(req.params.entry) ?? 0),
      'Đã xóa khoản nhuận bút.',
    );
  });

  // Statements: per person and per site for a period (the same scope rules as the reports).
  const load = async (req: Request, res: Response) => {
    const input = req.query as Record<string, unknown>;
    const { scope, central } = reportScope(deps, input, res);
    const period = periodOf(input);
    const person = str(input.person, 120);
    const data = await statements(deps.sequelize, actionContext(req, res).actor, {
      from: period.from,
      to: period.to,
      siteIds: scope.siteIds,
      person: person || undefined,
    });
    return { period, person, central, data };
  };
  router.get(BASE, async (req, res) => {
    const { period, person, central, data } = await load(req, res);
    const name = (id: number) => deps.registry.get(id)?.nameVi ?? `#${id}`;
    const q = (extra: Record<string, string>) =>
      new URLSearchParams({
        ...(period.preset === 'custom' ? { from: period.from, to: period.to } : { period: period.preset }),
        ...extra,
      }).toString();
    renderAdmin(req, res, deps, 'royalties', {
      title: `Nhuận bút ${period.label}`,
      period,
      presets: presetOptions(period),
      person,
      central,
      query: q(person ? { person } : {}),
      people: data.people.map((p) => ({
        ...p,
        amountText: money(p.amount),
        unpaidText: money(p.unpaid),
        href: `${locals(res).adminBase}${BASE}?${q({ person: p.personName })}`,
      })),
      sites: data.sites.map((s) => ({
        ...s,
        name: name(s.siteId),
        amountText: money(s.amount),
        unpaidText: money(s.unpaid),
      })),
      entries: data.entries.map((e) => ({ ...entryView(e), siteName: name(e.tenantId) })),
      total: money(data.sites.reduce((s, x) => s + x.amount, 0)),
      personTotal: money(data.entries.reduce((s, e) => s + e.amount, 0)),
      mayPay: can(locals(res).actor, 'royalties.manage'),
      mayEditRates: central && can(locals(res).actor, 'royalties.manage'),
    });
  });
  router.post(`${BASE}/chi-tra`, async (req, res) => {
    const raw = (req.body as Record<string, unknown>).entry;
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((v) => idOf(v)).filter((v): v is number => !!v);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}${BASE}?${new URLSearchParams({ person: str(req.body.person, 120), period: str(req.body.period, 20) })}`,
      () => markPaid(deps.sequelize, actionContext(req, res), ids),
      'Đã ghi nhận chi trả.',
    );
  });

  // Exports of the statement: every line, audited.
  router.get(`${BASE}/xuat.:format`, async (req, res) => {
    const format = String(req.params.format);
    if (format !== 'csv' && format !== 'xlsx') throw badRequest('Định dạng không hợp lệ');
    const { period, central, data } = await load(req, res);
    const name = (id: number) => deps.registry.get(id)?.nameVi ?? `#${id}`;
    const detail = await exportStatements(deps.sequelize, actionContext(req, res), locals(res).ctx.site.id, {
      from: period.from,
      to: period.to,
      label: period.label,
      siteIds: data.sites.map((x) => x.siteId),
      format,
      central,
    });
    const header = [
      'Người nhận',
      'Vai trò',
      'Trang',
      'Tin bài',
      'Ngày đăng',
      'Thể loại',
      'Hệ số',
      'Phụ trội (%)',
      'Tỷ lệ hưởng',
      'Lương cơ sở',
      'Giá trị một đơn vị',
      'Số tiền (đồng)',
      'Hạn chi trả',
      'Đã chi trả',
    ];
    const rows = detail.map((e) => [
      e.personName,
      ROLE_LABELS[e.role],
      name(e.tenantId),
      e.itemTitle,
      e.publishedOn,
      e.genreCode,
      e.coefficient,
      e.addonPercent,
      e.share,
      e.baseSalary,
      e.unitValue,
      e.amount,
      e.dueOn,
      e.paidAt ? vnDay(e.paidAt) : '',
    ]);
    const file = `nhuan-but-${period.from}-${period.to}.${format}`;
    res.set({ 'content-disposition': attachmentDisposition(file), 'cache-control': 'no-store' });
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').send(`\ufeff${[header, ...rows].map((r) => csvLine(r)).join('\r\n')}\r\n`);
      return;
    }
    const { default: ExcelJS } = await import('exceljs'); // loaded on first use, not at start
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Nhuận bút');
    ws.addRow([`Bảng kê nhuận bút ${period.label}`]).font = { bold: true, size: 14 };
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.addRow(['Tổng cộng', '', '', '', '', '', '', '', '', '', '', rows.reduce((s, r) => s + Number(r[11]), 0)]).font =
      {
        bold: true,
      };
    ws.getColumn(12).numFmt = '#,##0';
    ws.getColumn(1).width = 28;
    ws.getColumn(4).width = 50;
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(Buffer.from(await wb.xlsx.writeBuffer()));
  });

  // The rate table, versioned: a new row from a date; past rows stay as they were.
  router.get(`${BASE}/bang-gia`, async (req, res) => {
    if (!locals(res).isPortal || !can(locals(res).actor, 'royalties.manage')) throw forbidden();
    const h = await rateHistory(deps.sequelize);
    renderAdmin(req, res, deps, 'royalty-rates', {
      title: 'Bảng nhuận bút và lương cơ sở',
      ...h,
      salaries: h.salaries.map((s) => ({ ...s, amountText: money(Number(s.amount)) })),
    });
  });
  for (const kind of ['baseSalary', 'genre', 'addon'] as const)
    router.post(`${BASE}/bang-gia/${kind}`, async (req, res) => {
      if (!locals(res).isPortal) throw forbidden();
      await tryAction(
        req,
        res,
        `${locals(res).adminBase}${BASE}/bang-gia`,
        () => addRate(deps.sequelize, actionContext(req, res), kind, body(req)),
        'Đã thêm mức mới; các khoản đã ghi giữ nguyên số tiền.',
      );
    });

  return router;
}
