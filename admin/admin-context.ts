// What every back-office handler works with: the site whose /admin this is, the signed-in actor,
// and helpers to render a page or redirect with a message.
import type { FileStore } from '../server/media/file-store';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { TenantRegistry } from '../tenants/tenant-registry';
import type { Site } from '../tenants/tenant.types';
import { canonicalHost } from '../tenants/resolve-tenant';
import { normalizeHost } from '../tenants/host';
import type { ActionContext } from '../server/audit/audit.service';
import type { Actor } from '../server/auth/access';
import { can } from '../server/auth/can.policy';
import type { LoginThrottle } from '../server/auth/login-throttle';
import type { PeopleDeps } from '../server/auth/people.service';
import type { SignedInPerson } from '../server/auth/signed-in';
import type { ActionDeps } from '../server/actions/run-action';
import type { SecretBox } from '../server/auth/secret-box';
import type { Cache } from '../server/cache/cache';
import type { RequestContext } from '../server/core/request-context';
import type { RequestOrigin } from '../server/core/request-host';
import type { PrivateFiles } from '../server/media/private-files';
import type {} from 'csrf-sync'; // its types add req.csrfToken
import type { AdminViews } from './admin-views';
import type { Renderer } from '../server/render/renderer';
import { ValidationError } from '../server/core/errors';

export interface AdminDeps {
  logger: Logger;
  sequelize: ActionDeps['sequelize'];
  cache: Cache;
  registry: TenantRegistry;
  origin: RequestOrigin;
  views: AdminViews;
  secrets: SecretBox;
  throttle: LoginThrottle;
  files: PrivateFiles;
  sessionSecret: string;
  themeNames: readonly string[];
  renderer: Renderer;
  mediaStore: FileStore;
}

export const peopleDeps = (d: AdminDeps): PeopleDeps => ({
  sequelize: d.sequelize,
  throttle: d.throttle,
  secrets: d.secrets,
});
export const provisioningDeps = (d: AdminDeps) => ({
  sequelize: d.sequelize,
  registry: d.registry,
  cache: d.cache,
  themeNames: d.themeNames,
});

export interface AdminLocals {
  ctx: RequestContext;
  actor: Actor | null;
  person: SignedInPerson | null;
  /** '/admin', or '/<prefix>/admin' for a site on a path prefix. */
  adminBase: string;
  /** True on the portal's own site: its /admin is also the platform console. */
  isPortal: boolean;
}

export const locals = (res: Response) => res.locals as unknown as AdminLocals;

export function actionContext(req: Request, res: Response): ActionContext {
  const actor = locals(res).actor;
  if (!actor) throw new Error('actionContext without a signed-in actor');
  return { actor, ip: req.ip ?? null };
}

/** The site's own id, for per-site screens; undefined on the platform console's global screens. */
export const siteOf = (res: Response): Site => locals(res).ctx.site;

interface NavEntry {
  label: string;
  url: string;
  current: boolean;
}

function nav(req: Request, res: Response): NavEntry[] {
  const { actor, adminBase, isPortal, ctx } = locals(res);
  if (!actor) return [];
  const site = ctx.site.id;
  const here = req.path; // relative to the back office's mount, whatever the site's prefix
  const entries: [string, string, boolean][] = [
    ['Bảng điều khiển', '', true],
    ['Tin bài', '/tin-bai', can(actor, 'content.read', { tenantId: site })],
    ['Thư viện tệp', '/tep', can(actor, 'content.read', { tenantId: site })],
    ['Hồ sơ thông tin', '/ho-so', can(actor, 'content.read', { tenantId: site })],
    ['Phân công', '/phan-cong', can(actor, 'content.read', { tenantId: site })],
    [
      'Hỏi đáp, góp ý',
      '/y-kien',
      can(actor, 'participation.moderate', { tenantId: site }) || (isPortal && can(actor, 'participation.route')),
    ],
    ['Tin chia sẻ', '/chia-se', can(actor, 'content.read', { tenantId: site })],
    ['Chuyên mục', '/chuyen-muc', can(actor, 'site.settings.edit', { tenantId: site })],
    ['Menu', '/menu', can(actor, 'site.settings.edit', { tenantId: site })],
    [
      'Chờ tôi duyệt',
      '/cho-duyet',
      actor.platformRoles.has('board') || [...actor.siteRoles.values()].some((r) => r.has('approver')),
    ],
    [
      'Báo cáo',
      '/bao-cao',
      (isPortal && can(actor, 'reports.readCentral')) || can(actor, 'reports.readSite', { tenantId: site }),
    ],
    [
      'Nhuận bút',
      '/nhuan-but',
      (isPortal && (can(actor, 'reports.readCentral') || can(actor, 'royalties.manage'))) ||
        can(actor, 'reports.readSite', { tenantId: site }),
    ],
    ['Vận hành', '/van-hanh', isPortal && (can(actor, 'incidents.manage') || can(actor, 'reports.readCentral'))],
    ['Quảng cáo', '/quang-cao', isPortal && (can(actor, 'ads.manage') || can(actor, 'reports.readCentral'))],
    ['Trang thành viên', '/trang', isPortal && can(actor, 'sites.list')],
    [
      'Người dùng',
      '/nguoi-dung',
      isPortal ? can(actor, 'people.list') : can(actor, 'site.people.read', { tenantId: site }),
    ],
    ['Phân quyền', '/phan-quyen', isPortal && can(actor, 'grants.manage')],
    ['Thời hạn', '/thoi-han', isPortal && can(actor, 'rules.manage')],
    ['Lịch làm việc', '/lich-lam-viec', isPortal && can(actor, 'rules.manage')],
    ['Nhật ký', '/nhat-ky', isPortal ? can(actor, 'audit.readAll') : can(actor, 'site.audit.read', { tenantId: site })],
    ['Tài khoản của tôi', '/tai-khoan', true],
  ];
  return entries
    .filter(([, , show]) => show)
    .map(([label, path]) => ({
      label,
      url: adminBase + path,
      current: path === '' ? here === '/' || here === '' : here.startsWith(path),
    }));
}

/** Renders a back-office page: never cached, always with the CSRF token. */
export function renderAdmin(
  req: Request,
  res: Response,
  deps: AdminDeps,
  view: string,
  data: Record<string, unknown> & { title: string },
  status = 200,
) {
  const l = locals(res);
  const flash = req.session?.flash;
  if (req.session?.flash) delete req.session.flash;
  const html = deps.views.render(view, {
    ...data,
    site: { id: l.ctx.site.id, name: l.ctx.site.nameVi, homeUrl: l.ctx.basePath || '/' },
    actor: l.actor,
    isPortal: l.isPortal,
    adminBase: l.adminBase,
    csrfToken: req.csrfToken?.() ?? '',
    flash,
    nav: nav(req, res),
  });
  res.status(status).set('cache-control', 'no-store').type('html').send(html);
}

/**
 * 403: signed in, but without a role on this site. `chooser`: at the back office's front page,
 * someone who works on several other sites is shown them to choose from (200), not refused.
 */
export function renderNoAccess(
  req: Request,
  res: Response,
  deps: AdminDeps,
  siteName: string,
  opts: { chooser?: boolean } = {},
) {
  const actor = locals(res).actor;
  const sites = actor
    ? [...actor.siteRoles.keys()].map((id) => deps.registry.get(id)).filter((s): s is Site => !!s)
    : [];
  // Somebody who works on other sites gets the way to them.
  const mySites = sites.map((s) => ({ name: s.nameVi, url: adminUrlOf(deps, req, s) }));
  if (opts.chooser && mySites.length)
    return renderAdmin(
      req,
      res,
      deps,
      'error',
      { title: 'Chọn trang để làm việc', message: `Tài khoản của bạn làm việc trên ${mySites.length} trang.`, mySites },
      200,
    );
  renderAdmin(
    req,
    res,
    deps,
    'error',
    {
      title: 'Không có quyền',
      status: 403,
      message: `Bạn chưa được cấp quyền làm việc trên trang "${siteName}".`,
      mySites,
    },
    403,
  );
}

export function redirectWith(req: Request, res: Response, to: string, kind: 'ok' | 'error', text: string) {
  if (req.session) req.session.flash = { kind, text };
  res.redirect(303, to);
}

/** Runs a change, then goes back with its result: the service's message on a validation error. */
export async function tryAction(req: Request, res: Response, back: string, fn: () => Promise<unknown>, done: string) {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ValidationError) return redirectWith(req, res, back, 'error', err.message);
    throw err;
  }
  redirectWith(req, res, back, 'ok', done);
}

/** The back office of a site, relative when it is on the request's host. */
export function adminUrlOf(deps: AdminDeps, req: Request, site: Site): string {
  const host = canonicalHost(site, deps.registry.domain);
  const current = normalizeHost(deps.origin.host(req));
  if (host === current) return `${site.pathPrefix}/admin`;
  const port = /:(\d{1,5})$/.exec(deps.origin.host(req) ?? '')?.[1];
  return `${deps.origin.proto(req)}://${host}${port ? `:${port}` : ''}${site.pathPrefix}/admin`;
}

/** Positive whole number from a route or form value, or null. */
export function idOf(v: unknown): number | null {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n < 2 ** 31 ? n : null;
}

export function pageOf(v: unknown): number {
  const n = Number(v ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** Query/form strings: a single trimmed NFC string, never an array. */
export function str(v: unknown, max = 200): string {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.normalize('NFC').trim().slice(0, max) : '';
}

export function pager(total: number, page: number, perPage: number, base: string, query: Record<string, string>) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const link = (n: number) => {
    const q = new URLSearchParams({
      ...Object.fromEntries(Object.entries(query).filter(([, v]) => v)),
      ...(n > 1 ? { page: String(n) } : {}),
    });
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  return { total, page, pages, prev: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null };
}
