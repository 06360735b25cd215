// The back office of every site, mounted at `<site base>/admin`. One pipeline:
// body → session → passport → CSRF → who is signed in → sign-in routes → gate → screens.
// On the portal's own site it is also the platform console (sites, people, grants, audit log).
import { CSRF_FAILED } from './multipart';
import { outageOf } from '../server/core/outage';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import passport from 'passport';
import { csrfSync } from 'csrf-sync';
import { requiresTwoFactor } from '../server/auth/access';
import { sessionPerson } from '../server/auth/signed-in';
import { can } from '../server/auth/can.policy';
import { sessionMiddleware } from '../server/auth/session';
import { assertSameOrigin } from '../server/core/same-origin';
import type { RequestContext } from '../server/core/request-context';
import { adminUrlOf, locals, renderAdmin, renderNoAccess, type AdminDeps } from './admin-context';
import { accountRoutes } from './account.routes';
import { auditRoutes } from './audit.routes';
import { contentRoutes } from './content.routes';
import { mediaRoutes } from './media.routes';
import { settingsRoutes } from './settings.routes';
import { rulesRoutes } from './rules.routes';
import { submissionsRoutes } from './submissions.routes';
import { participationAdminRoutes } from './participation.routes';
import { reportsRoutes } from './reports.routes';
import { royaltiesRoutes } from './royalties.routes';
import { operationsRoutes } from './operations.routes';
import { adsAdminRoutes } from './ads.routes';
import { syndicationRoutes } from './syndication.routes';
import { authRoutes, signInUrl } from './auth.routes';
import { dashboardRoutes } from './dashboard.routes';
import { grantsRoutes } from './grants.routes';
import { peopleRoutes } from './people.routes';
import { sitesRoutes } from './sites.routes';
import { AppError, notFound } from '../server/core/errors';

const MULTIPART_ROUTES = [/^\/trang\/moi$/, /^\/tep$/, /^\/quang-cao$/];

export function adminRoutes(deps: AdminDeps): Router {
  const router = Router({ caseSensitive: true });
  const csrf = csrfSync({
    getTokenFromRequest: (req) =>
      (req.body as Record<string, string> | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined),
    errorConfig: { statusCode: 403, message: CSRF_FAILED, code: 'CSRF' },
    // Multipart forms are checked after multer has read their fields, by the few routes that take
    // files (sites.routes.ts, media.routes.ts, ads.routes.ts); a multipart post to any other route
    // is checked here and refused, since its token cannot be read yet.
    skipCsrfProtection: (req) =>
      (req.headers['content-type'] ?? '').startsWith('multipart/form-data') &&
      MULTIPART_ROUTES.some((r) => r.test(req.path)),
  });

  router.use(function adminContext(req: Request, res: Response, next: NextFunction) {
    const ctx = res.locals.ctx as RequestContext;
    // The back office is in Vietnamese: /en/admin is not a page.
    if (ctx.locale !== 'vi') return next(notFound('Không tìm thấy trang'));
    const portal = deps.registry.portal();
    Object.assign(res.locals, {
      actor: null,
      person: null,
      adminBase: `${ctx.basePath}/admin`,
      isPortal: !!portal && portal.id === ctx.site.id,
    });
    next();
  });
  // A state-changing request must come from a page of this very host, on top of its form's token:
  // checked before its body is read or its session touched. The hand-over between hosts is GETs.
  router.use(function sameOriginOnly(req: Request, _res: Response, next: NextFunction) {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS')
      assertSameOrigin(req, (deps.origin.host(req) ?? '').toLowerCase());
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 2000 }));
  router.use(sessionMiddleware(deps.cache, deps.sessionSecret));
  router.use(passport.initialize());
  router.use(passport.session());
  router.use(csrf.csrfSynchronisedProtection);

  // Who is signed in, checked against the database on every request: a locked person, a
  // password reset, "sign out everywhere" or the absolute timeout ends the session at once.
  router.use(async function signedInPerson(req: Request, res: Response, next: NextFunction) {
    const loaded = await sessionPerson(req);
    if (!loaded) return next();
    if (loaded === 'expired') {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      return res.redirect(303, signInUrl(deps, req, res));
    }
    Object.assign(res.locals, { actor: loaded.actor, person: loaded.person });
    next();
  });

  router.use(authRoutes(deps));

  router.use(function gate(req: Request, res: Response, next: NextFunction) {
    const { actor, person, adminBase, isPortal, ctx } = locals(res);
    if (!actor || !person) return res.redirect(303, signInUrl(deps, req, res));
    // Relative to the back office's mount: on a path-prefix site req.baseUrl lacks the prefix
    // (the tenancy middleware strips it), so comparing it with adminBase never matched.
    const here = req.path;
    // A temporary password must be replaced, and a role that requires two-factor needs it set up,
    // before anything else.
    const onAccount = here === '/tai-khoan' || here.startsWith('/tai-khoan/');
    if (person.mustChangePassword && !onAccount) return res.redirect(303, `${adminBase}/tai-khoan/mat-khau`);
    if (requiresTwoFactor(actor) && !person.totpEnabledAt && !onAccount)
      return res.redirect(303, `${adminBase}/tai-khoan/xac-thuc`);
    const allowed = can(actor, 'site.enter', { tenantId: ctx.site.id }) || (isPortal && can(actor, 'console.enter'));
    if (!allowed && !onAccount) {
      // The back office's front page, for someone who works elsewhere (a ward's staff signing in
      // on the portal's host): their one site's back office, or the list of theirs to choose from.
      const full = req.baseUrl + req.path; // without a path prefix: a prefix site's root answers 403
      const atRoot = req.method === 'GET' && (full === adminBase || full === `${adminBase}/`);
      const theirs = [...actor.siteRoles.keys()].map((id) => deps.registry.get(id)).filter((s) => !!s);
      if (atRoot && theirs.length === 1) {
        const url = adminUrlOf(deps, req, theirs[0]!);
        if (url.startsWith('/')) return res.redirect(303, url);
        // Another host: by a page that forwards, as after the hand-over (auth.routes.ts), since the
        // CSP's form-action 'self' stops a redirect chain that began with the sign-in form.
        return renderAdmin(req, res, deps, 'continue', { title: 'Đang chuyển tiếp', bare: true, refreshUrl: url, url });
      }
      return renderNoAccess(req, res, deps, ctx.site.nameVi, { chooser: atRoot });
    }
    next();
  });

  // The screens, in the order Express tries them (the three that take files check CSRF themselves).
  for (const screens of [
    dashboardRoutes(deps),
    accountRoutes(deps),
    sitesRoutes(deps, csrf),
    peopleRoutes(deps),
    grantsRoutes(deps),
    auditRoutes(deps),
    contentRoutes(deps),
    mediaRoutes(deps, csrf),
    settingsRoutes(deps),
    rulesRoutes(deps),
    submissionsRoutes(deps),
    participationAdminRoutes(deps),
    reportsRoutes(deps),
    royaltiesRoutes(deps),
    operationsRoutes(deps),
    adsAdminRoutes(deps, csrf),
    syndicationRoutes(deps),
  ])
    router.use(screens);

  router.use((_req: Request, _res: Response, next: NextFunction) => next(notFound('Không tìm thấy trang quản trị')));
  // Errors of the back office render in its own layout, with the status they carry.
  router.use(function adminErrors(err: unknown, req: Request, res: Response, next: NextFunction) {
    if (res.headersSent) return next(err);
    const outage = outageOf(err);
    if (outage) {
      deps.logger.warn({ err: (err as Error).message }, 'admin: backing service unavailable');
      res.setHeader('retry-after', '60');
      return renderAdmin(
        req,
        res,
        deps,
        'error',
        { title: 'Hệ thống tạm thời gián đoạn', status: 503, message: outage },
        503,
      );
    }
    const status =
      (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) {
      deps.logger.error({ err }, 'admin error');
      return renderAdmin(
        req,
        res,
        deps,
        'error',
        {
          title: 'Lỗi hệ thống',
          status: 500,
          message: 'Hệ thống gặp sự cố khi xử lý yêu cầu. Dữ liệu bạn gửi chưa được lưu; hãy thử lại.',
        },
        500,
      );
    }
    const message =
      err instanceof AppError || (err as { code?: string }).code === 'CSRF'
        ? (err as Error).message
        : 'Yêu cầu không hợp lệ.';
    const title = status === 404 ? 'Không tìm thấy' : status === 403 ? 'Không có quyền' : 'Không thực hiện được';
    renderAdmin(req, res, deps, 'error', { title, status, message }, status);
  });
  return router;
}
