// My account: password, two-factor sign-in, and signing out everywhere.
import { Router, type Request } from 'express';
import {
  changeOwnPassword,
  confirmTotpEnrolment,
  reauthenticate,
  REAUTH_MAX_MS,
  signOutEverywhere,
  startTotpEnrolment,
} from '../server/auth/people.service';
import { totpQrSvg } from '../server/auth/totp';
import { requiresTwoFactor } from '../server/auth/access';
import { actionContext, locals, peopleDeps, redirectWith, renderAdmin, str, type AdminDeps } from './admin-context';
import { ValidationError } from '../server/core/errors';

const reauthenticated = (req: Request) =>
  !!req.session.reauthenticatedAt && Date.now() - req.session.reauthenticatedAt <= REAUTH_MAX_MS;

export function accountRoutes(deps: AdminDeps): Router {
  const router = Router();
  const base = (res: Parameters<typeof locals>[0]) => `${locals(res).adminBase}/tai-khoan`;

  router.get('/tai-khoan', (req, res) => {
    const { person, actor } = locals(res);
    const required = requiresTwoFactor(actor!);
    const { fullName, email, unit, phone, totpEnabledAt, recoveryCodes } = person!;
    renderAdmin(req, res, deps, 'account', {
      title: 'Tài khoản của tôi',
      person: { fullName, email, unit, phone, totpEnabledAt, recoveryCodes },
      twoFactorRequired: required,
      signedInAt: req.session.signedInAt ? new Date(req.session.signedInAt) : null,
    });
  });

  const passwordForm = (
    req: Parameters<typeof renderAdmin>[0],
    res: Parameters<typeof renderAdmin>[1],
    errors?: Record<string, string>,
    status = 200,
  ) =>
    renderAdmin(
      req,
      res,
      deps,
      'account-password',
      { title: 'Đổi mật khẩu', mustChange: locals(res).person!.mustChangePassword, errors },
      status,
    );

  router.get('/tai-khoan/mat-khau', (req, res) => passwordForm(req, res));
  router.post('/tai-khoan/mat-khau', async (req, res) => {
    try {
      const { sessionsValidAfter } = await changeOwnPassword(
        peopleDeps(deps),
        actionContext(req, res),
        String(req.body.current ?? ''),
        String(req.body.next ?? ''),
        String(req.body.confirm ?? ''),
      );
      req.session.renewedAt = sessionsValidAfter.getTime(); // this session goes on, the others end
    } catch (err) {
      if (err instanceof ValidationError) return passwordForm(req, res, err.fields, 422);
      throw err;
    }
    // A role that needs a second factor goes straight on to set it up: the gate would only send
    // them there once they left the account pages.
    const { person, actor } = locals(res);
    if (requiresTwoFactor(actor!) && !person!.totpEnabledAt)
      return redirectWith(
        req,
        res,
        `${base(res)}/xac-thuc`,
        'ok',
        'Đã đổi mật khẩu. Bây giờ hãy bật xác thực hai lớp.',
      );
    redirectWith(req, res, base(res), 'ok', 'Đã đổi mật khẩu.');
  });

  router.get('/tai-khoan/xac-thuc', async (req, res) => {
    const { person } = locals(res);
    const codes = req.session.recoveryCodes;
    if (codes) {
      delete req.session.recoveryCodes;
      return renderAdmin(req, res, deps, 'account-recovery-codes', { title: 'Mã khôi phục', codes });
    }
    // A second factor already set up is replaced only after password and code are confirmed
    // (a session left open must not let anyone move the codes to their own phone).
    if (person!.totpEnabledAt && !reauthenticated(req)) {
      delete req.session.totpEnrolment;
      return renderAdmin(req, res, deps, 'account-reauth', { title: 'Đổi thiết bị xác thực hai lớp' });
    }
    if (!req.session.totpEnrolment || req.query.moi === '1')
      req.session.totpEnrolment = startTotpEnrolment(peopleDeps(deps)).sealed;
    const secret = deps.secrets.open(req.session.totpEnrolment);
    renderAdmin(req, res, deps, 'account-two-factor', {
      title: 'Xác thực hai lớp',
      enabled: !!person!.totpEnabledAt,
      qr: await totpQrSvg(secret, person!.email),
      secret: secret.replace(/(.{4})/g, '$1 ').trim(),
    });
  });

  router.post('/tai-khoan/xac-thuc/xac-nhan', async (req, res) => {
    try {
      await reauthenticate(
        peopleDeps(deps),
        actionContext(req, res),
        typeof req.body.password === 'string' ? req.body.password.slice(0, 200) : '',
        str(req.body.code, 20),
      );
    } catch (err) {
      if (err instanceof ValidationError)
        return renderAdmin(
          req,
          res,
          deps,
          'account-reauth',
          { title: 'Đổi thiết bị xác thực hai lớp', errors: err.fields },
          422,
        );
      throw err;
    }
    req.session.reauthenticatedAt = Date.now();
    req.session.totpEnrolment = startTotpEnrolment(peopleDeps(deps)).sealed;
    res.redirect(303, `${base(res)}/xac-thuc`);
  });

  router.post('/tai-khoan/xac-thuc', async (req, res) => {
    const sealed = req.session.totpEnrolment;
    if (!sealed) return res.redirect(303, `${base(res)}/xac-thuc`);
    try {
      const done = await confirmTotpEnrolment(
        peopleDeps(deps),
        actionContext(req, res),
        sealed,
        str(req.body.code, 20),
        req.session.reauthenticatedAt,
      );
      delete req.session.reauthenticatedAt;
      req.session.recoveryCodes = done.codes;
      req.session.renewedAt = done.sessionsValidAfter.getTime(); // this session goes on, the others end
    } catch (err) {
      if (err instanceof ValidationError) {
        const { person } = locals(res);
        const secret = deps.secrets.open(sealed);
        return renderAdmin(
          req,
          res,
          deps,
          'account-two-factor',
          {
            title: 'Xác thực hai lớp',
            enabled: !!person!.totpEnabledAt,
            qr: await totpQrSvg(secret, person!.email),
            secret: secret.replace(/(.{4})/g, '$1 ').trim(),
            errors: err.fields,
          },
          422,
        );
      }
      throw err;
    }
    delete req.session.totpEnrolment;
    res.redirect(303, `${base(res)}/xac-thuc`);
  });

  router.post('/tai-khoan/dang-xuat-moi-noi', async (req, res) => {
    await signOutEverywhere(peopleDeps(deps), actionContext(req, res));
    const adminBase = locals(res).adminBase;
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.redirect(303, `${adminBase}/dang-nhap`);
  });
  return router;
}
