// People: on the console, operators create, edit, lock, unlock and reset them; on a site's own
// back office, its administrators see the people who hold roles there (and no one else).
import { Router, type Request, type Response } from 'express';
import { siteChoices } from '../tenants/site.service';
import { can, mayGrantRole } from '../server/auth/can.policy';
import { grantRole, listGrants } from '../server/auth/grants.service';
import {
  activeRolesOf,
  createPerson,
  getPerson,
  listPeople,
  NOT_YOURS,
  powersOver,
  resetPassword,
  resetTwoFactor,
  setPersonStatus,
  updatePerson,
} from '../server/auth/people.service';
import { BOARD_POSITION_LABELS, BOARD_POSITIONS, ROLE_LABELS, ROLES, type Role } from '../server/auth/roles';
import {
  actionContext,
  idOf,
  locals,
  pageOf,
  pager,
  peopleDeps,
  redirectWith,
  renderAdmin,
  str,
  type AdminDeps,
} from './admin-context';
import { AppError, ValidationError, forbidden } from '../server/core/errors';

const PER_PAGE = 25;
export const PERSON_STATUS_LABELS: Record<string, string> = {
  active: 'Hoạt động',
  locked: 'Đã khóa',
  disabled: 'Vô hiệu hóa',
};

/** undefined on the console for operators (everyone); otherwise the current site only. */
const scopeOf = (res: Response) => {
  const { isPortal, actor, ctx } = locals(res);
  return isPortal && can(actor, 'people.list') ? undefined : ctx.site.id;
};

export function peopleRoutes(deps: AdminDeps): Router {
  const router = Router();
  const base = (res: Response) => `${locals(res).adminBase}/nguoi-dung`;
  const manage = (res: Response) => locals(res).isPortal && can(locals(res).actor, 'people.manage');

  router.get('/nguoi-dung', async (req, res) => {
    const q = str(req.query.q);
    const page = pageOf(req.query.page);
    const { rows, total } = await listPeople(actionContext(req, res), {
      q,
      page,
      perPage: PER_PAGE,
      siteScope: scopeOf(res),
    });
    renderAdmin(req, res, deps, 'people', {
      title: 'Người dùng',
      people: rows.map((p) => ({ ...p, statusLabel: PERSON_STATUS_LABELS[p.status] })),
      q,
      canManage: manage(res),
      pager: pager(total, page, PER_PAGE, base(res), { q }),
    });
  });

  const personForm = (req: Request, res: Response, data: Record<string, unknown> & { title: string }, status = 200) =>
    renderAdmin(req, res, deps, 'person-form', data, status);

  router.get('/nguoi-dung/moi', (req, res) => {
    if (!manage(res)) throw forbidden();
    personForm(req, res, { title: 'Thêm người dùng', creating: true, values: {} });
  });

  router.post('/nguoi-dung/moi', async (req, res) => {
    if (!manage(res)) throw forbidden();
    const values = {
      email: str(req.body.email),
      fullName: str(req.body.fullName),
      unit: str(req.body.unit),
      phone: str(req.body.phone, 50),
    };
    try {
      const { person, temporaryPassword } = await createPerson(peopleDeps(deps), actionContext(req, res), values);
      // Shown once on the next page, from the session: a reload cannot create the person twice.
      req.session.oneTimePassword = { personId: person.id, password: temporaryPassword, reset: false };
      return res.redirect(303, `${base(res)}/${person.id}/mat-khau-tam-thoi`);
    } catch (err) {
      if (err instanceof ValidationError)
        return personForm(req, res, { title: 'Thêm người dùng', creating: true, values, errors: err.fields }, 422);
      throw err;
    }
  });

  router.get('/nguoi-dung/:id', async (req, res) => {
    const ctx = actionContext(req, res);
    const scope = scopeOf(res);
    const person = await getPerson(ctx, idOf(req.params.id) ?? 0, scope);
    const grants = await listGrants(ctx, { personId: person.id, includeInactive: true }, scope);
    // Buttons only for what the actor may do to this person (the services refuse the rest).
    const powers = powersOver(ctx.actor, { id: person.id, roles: await activeRolesOf(person.id) });
    const now = Date.now();
    const sites = manage(res) || can(locals(res).actor, 'grants.manage') ? await siteChoices(ctx) : [];
    renderAdmin(req, res, deps, 'person', {
      title: person.fullName,
      p: { ...person, statusLabel: PERSON_STATUS_LABELS[person.status] },
      grants: grants.map((g) => ({
        ...g,
        roleLabel: ROLE_LABELS[g.role] + (g.boardPosition ? ` — ${BOARD_POSITION_LABELS[g.boardPosition]}` : ''),
        siteName: g.tenantId ? (deps.registry.get(g.tenantId)?.nameVi ?? `#${g.tenantId}`) : 'Toàn Cổng',
        active: !g.revokedAt && (!g.expiresAt || new Date(g.expiresAt).getTime() > now),
        expired: !g.revokedAt && !!g.expiresAt && new Date(g.expiresAt).getTime() <= now,
        // A grant is revoked only by someone who could give it (a system administrator's, by another).
        revocable: locals(res).isPortal && mayGrantRole(ctx.actor, g.role),
      })),
      canManage: manage(res) && powers.act,
      canReset: manage(res) && powers.reset,
      notYours: manage(res) && !powers.act ? NOT_YOURS : null,
      canGrant: locals(res).isPortal && can(locals(res).actor, 'grants.manage'),
      roles: ROLES.filter((r) => r !== 'sysadmin' || can(locals(res).actor, 'grants.managePlatformAdmins')).map(
        (r: Role) => ({ value: r, label: ROLE_LABELS[r] }),
      ),
      positions: BOARD_POSITIONS.map((p) => ({ value: p, label: BOARD_POSITION_LABELS[p] })),
      sites,
    });
  });

  router.post('/nguoi-dung/:id/sua', async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    await powersFor(req, res, id, 'act');
    try {
      await updatePerson(peopleDeps(deps), actionContext(req, res), id, {
        fullName: str(req.body.fullName),
        unit: str(req.body.unit),
        phone: str(req.body.phone, 50),
      });
    } catch (err) {
      if (err instanceof ValidationError) return redirectWith(req, res, `${base(res)}/${id}`, 'error', err.message);
      throw err;
    }
    redirectWith(req, res, `${base(res)}/${id}`, 'ok', 'Đã lưu thông tin.');
  });

  /**
   * An action that cuts someone off (lock, disable, reset) asks first, on a page of its own (no
   * JavaScript needed): the form posts again with confirm=1. True when confirmed. `ownCode`: the
   * page also asks for the actor's own current code (a system administrator's credentials).
   */
  const confirmed = async (
    req: Request,
    res: Response,
    id: number,
    ask: { title: string; consequence: string },
    opts: { ownCode?: boolean; errors?: Record<string, string> } = {},
  ) => {
    if (!opts.errors && (req.body as Record<string, unknown>).confirm === '1') return true;
    const person = await getPerson(actionContext(req, res), id);
    renderAdmin(
      req,
      res,
      deps,
      'confirm',
      {
        ...ask,
        question: `${ask.title}: ${person.fullName} (${person.email})?`,
        action: req.originalUrl,
        confirmLabel: ask.title,
        cancelUrl: `${base(res)}/${id}`,
        ownCode: opts.ownCode,
        errors: opts.errors,
      },
      opts.errors ? 422 : 200,
    );
    return false;
  };

  /** Refuses before asking anything when the actor may not act on this person (the services check again). */
  const powersFor = async (req: Request, res: Response, id: number, what: 'act' | 'reset') => {
    if (!manage(res)) throw forbidden();
    await getPerson(actionContext(req, res), id);
    const powers = powersOver(locals(res).actor!, { id, roles: await activeRolesOf(id) });
    if (!powers.act) throw forbidden(NOT_YOURS);
    if (!powers[what])
      throw new AppError(
        'BAD_REQUEST',
        400,
        'Mật khẩu và xác thực hai lớp của chính bạn được đổi ở trang "Tài khoản của tôi".',
      );
    return powers;
  };

  /** Runs a credential reset, asking again (with the message) when the actor's own code is wrong. */
  const resetAction = async (
    req: Request,
    res: Response,
    id: number,
    ask: { title: string; consequence: string },
    run: (ownCode: string) => Promise<void>,
  ) => {
    const ownCode = (await powersFor(req, res, id, 'reset')).ownCodeRequired;
    if (!(await confirmed(req, res, id, ask, { ownCode }))) return false;
    try {
      await run(str(req.body.ownCode, 20));
      return true;
    } catch (err) {
      if (err instanceof ValidationError) await confirmed(req, res, id, ask, { ownCode, errors: err.fields });
      else throw err;
      return false;
    }
  };

  const statusAction = (
    path: string,
    status: 'active' | 'locked' | 'disabled',
    done: string,
    ask: { title: string; consequence: string } | null,
  ) =>
    router.post(`/nguoi-dung/:id/${path}`, async (req, res) => {
      const id = idOf(req.params.id) ?? 0;
      await powersFor(req, res, id, 'act');
      if (ask && !(await confirmed(req, res, id, ask))) return;
      await setPersonStatus(peopleDeps(deps), actionContext(req, res), id, status);
      redirectWith(req, res, `${base(res)}/${id}`, 'ok', done);
    });
  statusAction('khoa', 'locked', 'Đã khóa tài khoản; mọi phiên đăng nhập của người này đã kết thúc.', {
    title: 'Khóa tài khoản',
    consequence: 'Mọi phiên đăng nhập của người này kết thúc ngay; họ không đăng nhập được cho đến khi được mở khóa.',
  });
  statusAction('mo-khoa', 'active', 'Đã mở khóa tài khoản (kể cả khóa do đăng nhập sai nhiều lần).', null);
  statusAction('vo-hieu', 'disabled', 'Đã vô hiệu hóa tài khoản.', {
    title: 'Vô hiệu hóa tài khoản',
    consequence: 'Người này mất quyền truy cập trên mọi trang; lịch sử và nhật ký của họ vẫn được giữ.',
  });

  router.post('/nguoi-dung/:id/dat-lai-mat-khau', async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    const ask = {
      title: 'Đặt lại mật khẩu',
      consequence: 'Mật khẩu hiện tại hết hiệu lực; một mật khẩu tạm thời sẽ hiện một lần để bạn chuyển cho người này.',
    };
    let password = '';
    const done = await resetAction(req, res, id, ask, async (ownCode) => {
      password = (await resetPassword(peopleDeps(deps), actionContext(req, res), id, ownCode)).temporaryPassword;
    });
    if (!done) return;
    req.session.oneTimePassword = { personId: id, password, reset: true };
    res.redirect(303, `${base(res)}/${id}/mat-khau-tam-thoi`);
  });

  router.get('/nguoi-dung/:id/mat-khau-tam-thoi', async (req, res) => {
    if (!manage(res)) throw forbidden();
    const id = idOf(req.params.id) ?? 0;
    const once = req.session.oneTimePassword;
    delete req.session.oneTimePassword;
    if (!once || once.personId !== id) return res.redirect(303, `${base(res)}/${id}`);
    const person = await getPerson(actionContext(req, res), id);
    renderAdmin(req, res, deps, 'person-created', {
      title: once.reset ? 'Đã đặt lại mật khẩu' : 'Đã tạo tài khoản',
      reset: once.reset,
      person,
      temporaryPassword: once.password,
      personUrl: `${base(res)}/${id}`,
    });
  });

  router.post('/nguoi-dung/:id/dat-lai-xac-thuc', async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    const ask = {
      title: 'Đặt lại xác thực hai lớp',
      consequence:
        'Ứng dụng xác thực và mã dự phòng hiện tại hết hiệu lực; người này thiết lập lại ở lần đăng nhập sau.',
    };
    const done = await resetAction(req, res, id, ask, (ownCode) =>
      resetTwoFactor(peopleDeps(deps), actionContext(req, res), id, ownCode),
    );
    if (!done) return;
    redirectWith(
      req,
      res,
      `${base(res)}/${id}`,
      'ok',
      'Đã xóa xác thực hai lớp; người này sẽ thiết lập lại ở lần đăng nhập sau.',
    );
  });

  router.post('/nguoi-dung/:id/cap-quyen', async (req, res) => {
    if (!locals(res).isPortal) throw forbidden();
    const id = idOf(req.params.id) ?? 0;
    const role = str(req.body.role) as Role;
    try {
      await grantRole(deps.sequelize, actionContext(req, res), {
        personId: id,
        tenantId: idOf(req.body.tenantId),
        role,
        boardPosition: (str(req.body.boardPosition) || null) as never,
        expiresAt: str(req.body.expiresAt) ? `${str(req.body.expiresAt)}T23:59:59+07:00` : null,
      });
    } catch (err) {
      if (err instanceof ValidationError) return redirectWith(req, res, `${base(res)}/${id}`, 'error', err.message);
      throw err;
    }
    redirectWith(req, res, `${base(res)}/${id}`, 'ok', `Đã cấp quyền "${ROLE_LABELS[role]}".`);
  });

  return router;
}
