// Signing in and out. Sign-in is password, then the second factor where the person has one.
// Sites on other hosts than the portal's sign in through the portal: a one-time token, valid for
// a minute and for one site, carries the sign-in over, so nobody fights cookies across hosts.
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { can } from '../server/auth/can.policy';
import { runUncachedAction } from '../server/actions/run-action';
import type { ActorCtx } from '../server/actions/action';
import { CODE_USED, trySecondFactor } from '../server/auth/second-factor';
import {
  asPerson,
  handOverRefused,
  pendingPerson,
  personByPassword,
  secondFactorFailed,
  signedIn,
  signedOut,
  signInRefused,
  type SignInPerson,
} from '../server/auth/sign-in';
import { loadActor } from '../server/auth/access';
import { canonicalHost } from '../tenants/resolve-tenant';
import { portOf } from '../server/core/request-host';
import { safeLocalPath } from '../server/text/local-path';
import { cookieOf } from '../server/core/cookies';
import { locals, peopleDeps, redirectWith, renderAdmin, renderNoAccess, str, type AdminDeps } from './admin-context';

const SSO_TTL_SECONDS = 60;

// The hand-over is bound to the browser that asked for it (no login CSRF: a token someone made
// for themselves must not sign another browser in as them). The site's host, where the hand-over
// starts and ends, keeps a random nonce in an HttpOnly cookie; the portal gets only its hash
// (`state`), stores it with the token, and the site's host takes the token only from the
// browser whose cookie hashes to it. Nobody else can read or set that cookie on the site's host.
const SSO_COOKIE = 'cong.sso';
const SSO_COOKIE_MS = 10 * 60 * 1000;
const ssoNonceOf = (req: Request) => {
  const nonce = cookieOf(req, SSO_COOKIE);
  return nonce && /^[A-Za-z0-9_-]{43}$/.test(nonce) ? nonce : undefined;
};
const ssoStateOf = (nonce: string) => crypto.createHash('sha256').update(nonce).digest('base64url');
const sameState = (a: string, b: string) =>
  a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

function portalOrigin(deps: AdminDeps, req: Request) {
  const port = portOf(deps.origin.host(req));
  return `${deps.origin.proto(req)}://${deps.registry.domain}${port ? `:${port}` : ''}`;
}

/** Where an anonymous visitor of this back office goes to sign in. */
export function signInUrl(deps: AdminDeps, req: Request, res: Response): string {
  const { ctx, adminBase } = locals(res);
  const here = req.originalUrl;
  const portal = deps.registry.portal();
  if (portal && ctx.host !== deps.registry.domain) {
    // The same nonce for hand-overs started in several tabs within its lifetime.
    const nonce = ssoNonceOf(req) ?? crypto.randomBytes(32).toString('base64url');
    res.cookie(SSO_COOKIE, nonce, {
      httpOnly: true,
      sameSite: 'lax', // sent on the portal's redirect back, a top-level GET
      secure: deps.origin.proto(req) === 'https',
      path: `${adminBase}/sso`,
      maxAge: SSO_COOKIE_MS,
    });
    return `${portalOrigin(deps, req)}/admin/sso?site=${ctx.site.id}&state=${ssoStateOf(nonce)}&next=${encodeURIComponent(here)}`;
  }
  return `${adminBase}/dang-nhap?next=${encodeURIComponent(here)}`;
}

export function authRoutes(deps: AdminDeps): Router {
  const router = Router();
  const who = (req: Request, email?: string): ActorCtx => ({ actor: null, ip: req.ip ?? null, email });
  const refused = (
    req: Request,
    res: Response,
    email: string,
    refusal: Parameters<typeof signInRefused.audit>[1]['refusal'],
  ) => runUncachedAction(deps.sequelize, who(req, email), signInRefused, { siteId: locals(res).ctx.site.id, refusal });

  async function completeSignIn(req: Request, res: Response, person: SignInPerson, method: string) {
    const next = safeLocalPath(req.session.returnTo, locals(res).adminBase);
    // passport regenerates the session: a session id seen before sign-in is never reused.
    await new Promise<void>((resolve, reject) =>
      req.login({ id: person.id }, (err) => (err ? reject(err) : resolve())),
    );
    req.session.signedInAt = Date.now();
    await runUncachedAction(deps.sequelize, asPerson(person, req.ip ?? null), signedIn, {
      personId: person.id,
      siteId: locals(res).ctx.site.id,
      method,
    });
    // The hand-over to another host's back office goes on by a plain link: the CSP's form-action
    // 'self' would stop a redirect chain that started with this form and left the host.
    if (next.startsWith('/admin/sso?')) {
      return renderAdmin(req, res, deps, 'continue', {
        title: 'Đang chuyển tiếp',
        bare: true,
        refreshUrl: next,
        url: next,
      });
    }
    res.redirect(303, next);
  }

  const signInForm = (
    req: Request,
    res: Response,
    values: { email?: string; next?: string },
    error?: string,
    status = 200,
  ) => renderAdmin(req, res, deps, 'sign-in', { title: 'Đăng nhập', values, error, bare: true }, status);

  router.get('/dang-nhap', (req, res) => {
    if (locals(res).actor) return res.redirect(303, safeLocalPath(req.query.next, locals(res).adminBase));
    signInForm(req, res, { next: safeLocalPath(req.query.next, '') });
  });

  router.post('/dang-nhap', async (req, res) => {
    const email = str(req.body.email).toLowerCase();
    const password = typeof req.body.password === 'string' ? req.body.password.slice(0, 200) : '';
    const next = safeLocalPath(req.body.next, locals(res).adminBase);
    const ip = req.ip ?? 'unknown';
    if (!email || !password) return signInForm(req, res, { email, next }, 'Nhập e-mail và mật khẩu.', 422);
    const state = await deps.throttle.state(email, ip);
    if (state === 'unavailable')
      return signInForm(
        req,
        res,
        { email, next },
        'Hệ thống đăng nhập tạm thời gián đoạn. Xin thử lại sau ít phút.',
        503,
      );
    if (state !== 'ok') {
      await refused(req, res, email, { kind: 'blocked', reason: state });
      const msg =
        state === 'account-locked'
          ? 'Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Hãy thử lại sau 15 phút hoặc đề nghị Trung tâm mở khóa.'
          : 'Có quá nhiều lần đăng nhập sai từ địa chỉ này. Hãy thử lại sau 15 phút.';
      return signInForm(req, res, { email, next }, msg, 429);
    }
    const person = await personByPassword(email, password);
    if (!person) {
      await deps.throttle.recordFailure(email, ip);
      await refused(req, res, email, { kind: 'failure', email });
      return signInForm(req, res, { email, next }, 'E-mail hoặc mật khẩu không đúng.', 401);
    }
    if (person.status !== 'active') {
      await refused(req, res, email, { kind: 'refused', personId: person.id, status: person.status });
      return signInForm(
        req,
        res,
        { email, next },
        'Tài khoản này đã bị khóa. Hãy liên hệ Trung tâm Thông tin và Hội nghị.',
        403,
      );
    }
    await deps.throttle.clear(email);
    if (person.totpEnabledAt) {
      await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
      Object.assign(req.session, { pendingPersonId: person.id, pendingSince: Date.now(), returnTo: next });
      return res.redirect(303, `${locals(res).adminBase}/dang-nhap/xac-thuc`);
    }
    req.session.returnTo = next;
    await completeSignIn(req, res, person, 'password');
  });

  // A password checked before a reset or "sign out everywhere" does not lead on to the code.
  const pending = (req: Request) => pendingPerson(req.session.pendingPersonId, req.session.pendingSince ?? 0);

  router.get('/dang-nhap/xac-thuc', async (req, res) => {
    if (!(await pending(req))) return res.redirect(303, `${locals(res).adminBase}/dang-nhap`);
    renderAdmin(req, res, deps, 'two-factor', { title: 'Xác thực hai lớp', bare: true });
  });

  router.post('/dang-nhap/xac-thuc', async (req, res) => {
    const person = await pending(req);
    if (!person || person.status !== 'active') return res.redirect(303, `${locals(res).adminBase}/dang-nhap`);
    const ip = req.ip ?? 'unknown';
    const method = await trySecondFactor(peopleDeps(deps), person, str(req.body.code, 20), ip, { recoveryCodes: true });
    if (method === 'throttled' || method === 'unavailable') {
      return renderAdmin(
        req,
        res,
        deps,
        'two-factor',
        { title: 'Xác thực hai lớp', bare: true, error: 'Quá nhiều lần nhập sai. Hãy thử lại sau 15 phút.' },
        429,
      );
    }
    if (method === 'used')
      return renderAdmin(
        req,
        res,
        deps,
        'two-factor',
        { title: 'Xác thực hai lớp', bare: true, error: CODE_USED },
        401,
      );
    if (method === 'wrong') {
      // The failure is counted against the limits already; the audit log names the person.
      await runUncachedAction(deps.sequelize, asPerson(person, ip), secondFactorFailed, {
        personId: person.id,
        siteId: locals(res).ctx.site.id,
      });
      return renderAdmin(
        req,
        res,
        deps,
        'two-factor',
        { title: 'Xác thực hai lớp', bare: true, error: 'Mã xác thực không đúng.' },
        401,
      );
    }
    delete req.session.pendingPersonId;
    await completeSignIn(req, res, person, method === 'totp' ? 'password+totp' : 'password+recovery-code');
  });

  router.post('/dang-xuat', async (req, res) => {
    const { actor, adminBase, ctx } = locals(res);
    if (actor)
      await runUncachedAction(deps.sequelize, { actor, ip: req.ip ?? null }, signedOut, {
        personId: actor.id,
        siteId: ctx.site.id,
      });
    await new Promise<void>((resolve) => req.logout(() => resolve()));
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('cong.sid', { path: '/' });
    res.redirect(303, `${adminBase}/dang-nhap`);
  });

  // On the portal: hand a signed-in person over to another site's host.
  router.get('/sso', async (req, res) => {
    const { actor, adminBase } = locals(res);
    const site = deps.registry.get(Number(req.query.site));
    const next = safeLocalPath(req.query.next, '/admin');
    if (!site)
      return renderAdmin(
        req,
        res,
        deps,
        'error',
        { title: 'Không tìm thấy trang', status: 404, message: 'Không tìm thấy trang cần đăng nhập.' },
        404,
      );
    if (!actor) return res.redirect(303, `${adminBase}/dang-nhap?next=${encodeURIComponent(req.originalUrl)}`);
    if (!can(actor, 'site.enter', { tenantId: site.id })) return renderNoAccess(req, res, deps, site.nameVi);
    const token = crypto.randomBytes(32).toString('base64url');
    // Without a state (a link not started on the site's host) the token binds to no browser, and
    // the site's host refuses it.
    const state = /^[A-Za-z0-9_-]{43}$/.test(str(req.query.state, 64)) ? str(req.query.state, 64) : null;
    await deps.cache.set(
      `sso:${token}`,
      JSON.stringify({ personId: actor.id, siteId: site.id, next, mintedAt: Date.now(), state }),
      SSO_TTL_SECONDS,
    );
    const port = portOf(deps.origin.host(req));
    const host = canonicalHost(site, deps.registry.domain);
    res.redirect(
      303,
      `${deps.origin.proto(req)}://${host}${port ? `:${port}` : ''}${site.pathPrefix}/admin/sso/nhan?token=${token}`,
    );
  });

  // On the site's host: take the token (once), start a session here.
  router.get('/sso/nhan', async (req, res) => {
    const { ctx, adminBase } = locals(res);
    const raw = await deps.cache.take(`sso:${str(req.query.token, 100)}`);
    const data = raw
      ? (JSON.parse(raw.toString()) as {
          personId: number;
          siteId: number;
          next: string;
          mintedAt: number;
          state: string | null;
        })
      : null;
    if (!data || data.siteId !== ctx.site.id) {
      return renderAdmin(
        req,
        res,
        deps,
        'error',
        {
          title: 'Liên kết đăng nhập không hợp lệ',
          status: 400,
          message: 'Liên kết đăng nhập đã hết hạn hoặc không dành cho trang này. Hãy đăng nhập lại.',
          retryUrl: `${adminBase}/dang-nhap`,
        },
        400,
      );
    }
    const nonce = ssoNonceOf(req);
    if (!data.state || !nonce || !sameState(ssoStateOf(nonce), data.state)) {
      // Not this browser's hand-over: someone else's token, opened here. Nobody is signed in by it.
      await runUncachedAction(deps.sequelize, who(req), handOverRefused, {
        personId: data.personId,
        siteId: ctx.site.id,
        reason: nonce ? 'other-browser' : 'no-nonce',
      });
      return redirectWith(
        req,
        res,
        `${adminBase}/dang-nhap`,
        'error',
        'Liên kết đăng nhập này không do trình duyệt của bạn yêu cầu nên không được dùng. Hãy đăng nhập bằng tài khoản của bạn.',
      );
    }
    res.clearCookie(SSO_COOKIE, { path: `${adminBase}/sso` }); // once
    const loaded = await loadActor(data.personId);
    // A token made by a session that has ended since (a password reset, "sign out everywhere").
    if (!loaded || loaded.person.sessionsValidAfter.getTime() > data.mintedAt)
      return res.redirect(303, `${adminBase}/dang-nhap`);
    req.session.returnTo = safeLocalPath(data.next, adminBase);
    await completeSignIn(req, res, loaded.person, 'sso');
  });

  return router;
}
