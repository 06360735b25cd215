// The audit log: filters by person, site, action and period, and a CSV export (itself audited).
// Operators see every entry; a site administrator, on the site's own back office, only that site's.
import { Router, type Request, type Response } from 'express';
import { can } from '../server/auth/can.policy';
import { personChoices } from '../server/auth/people.service';
import { listAudit, type AuditFilter } from '../server/audit/audit.service';
import { exportAudit } from '../server/audit/audit-export';
import { showInvisible } from '../server/text/invisible';
import { attachmentDisposition } from '../server/text/content-disposition';
import { actionContext, idOf, locals, pageOf, pager, renderAdmin, str, type AdminDeps } from './admin-context';

const PER_PAGE = 50;

function filterFrom(req: Request): { filter: AuditFilter; raw: Record<string, string> } {
  const raw = {
    person: str(req.query.person),
    site: str(req.query.site),
    action: str(req.query.action, 60),
    from: str(req.query.from, 10),
    to: str(req.query.to, 10),
  };
  const day = (s: string, end = false) =>
    /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s))
      ? new Date(`${s}T00:00:00+07:00`).getTime() + (end ? 86400_000 : 0)
      : null;
  const from = day(raw.from);
  const to = day(raw.to, true);
  return {
    raw,
    filter: {
      personId: idOf(raw.person) ?? undefined,
      tenantId: idOf(raw.site) ?? undefined,
      action: /^[a-zA-Z.]+$/.test(raw.action) ? raw.action : undefined,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
    },
  };
}

export function auditRoutes(deps: AdminDeps): Router {
  const router = Router();
  /** undefined: the whole log (console, operators); else this site's entries only. */
  const scopeOf = (res: Response) => {
    const { isPortal, actor, ctx } = locals(res);
    return isPortal && can(actor, 'audit.readAll') ? undefined : ctx.site.id;
  };

  router.get('/nhat-ky', async (req, res) => {
    const { filter, raw } = filterFrom(req);
    const page = pageOf(req.query.page);
    const scope = scopeOf(res);
    const { rows, total } = await listAudit(actionContext(req, res), filter, page, PER_PAGE, scope);
    const query = new URLSearchParams(Object.entries(raw).filter(([, v]) => v)).toString();
    renderAdmin(req, res, deps, 'audit', {
      title: 'Nhật ký hệ thống',
      entries: rows.map((e) => ({
        ...e,
        siteName: e.tenantId ? (deps.registry.get(e.tenantId)?.nameVi ?? `#${e.tenantId}`) : '',
        summaryText: showInvisible(JSON.stringify(e.summary)),
      })),
      filters: raw,
      global: scope === undefined,
      sites:
        scope === undefined
          ? deps.registry
              .all()
              .map((s) => ({ id: String(s.id), name: s.nameVi }))
              .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
          : [],
      people: scope === undefined ? await personChoices(actionContext(req, res)) : [],
      csvUrl: `${locals(res).adminBase}/nhat-ky.csv${query ? `?${query}` : ''}`,
      pager: pager(total, page, PER_PAGE, `${locals(res).adminBase}/nhat-ky`, raw),
    });
  });

  router.get('/nhat-ky.csv', async (req, res) => {
    const { filter, raw } = filterFrom(req);
    const ctx = actionContext(req, res);
    const scope = scopeOf(res);
    const rows = await exportAudit(deps.sequelize, ctx, filter, raw, scope); // refused before any row
    res.set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachmentDisposition(`nhat-ky-${new Date().toISOString().slice(0, 10)}.csv`),
      'cache-control': 'no-store',
    });
    for await (const line of rows) res.write(line);
    res.end();
  });
  return router;
}
