// On the platform console: the deadline classes (Art 7) and the working-day calendar.
import { Router, type Request, type Response } from 'express';
import { can } from '../server/auth/can.policy';
import {
  addDeadlineClassVersion,
  calendarOfYear,
  deadlineClassHistory,
  removeCalendarDay,
  setCalendarDay,
} from '../server/calendar/rules.service';
import { actionContext, tryAction, locals, renderAdmin, str, type AdminDeps } from './admin-context';
import { forbidden } from '../server/core/errors';

const UNIT_LABELS: Record<string, string> = {
  working_days: 'ngày làm việc',
  calendar_days: 'ngày',
  same_day: 'trong ngày',
  none: 'không có hạn',
};

export function rulesRoutes(deps: AdminDeps): Router {
  const router = Router();
  const guard = (res: Response) => {
    if (!locals(res).isPortal || !can(locals(res).actor, 'rules.manage')) throw forbidden();
  };
  const body = (req: Request) =>
    Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, str(v, 300)]));

  router.get('/thoi-han', async (req, res) => {
    guard(res);
    const classes = await deadlineClassHistory();
    renderAdmin(req, res, deps, 'deadline-classes', {
      title: 'Thời hạn đăng tin (Điều 7)',
      classes: classes.map((c) => ({
        ...c.get({ plain: true }),
        unitLabel: UNIT_LABELS[c.unit],
        current: c.validTo === null,
      })),
      units: Object.entries(UNIT_LABELS).map(([value, label]) => ({ value, label })),
      codes: [...new Set(classes.map((c) => c.code))],
    });
  });
  router.post('/thoi-han', async (req, res) => {
    guard(res);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/thoi-han`,
      () => addDeadlineClassVersion(deps.sequelize, actionContext(req, res), body(req)),
      'Đã thêm phiên bản mới của thời hạn.',
    );
  });

  router.get('/lich-lam-viec', async (req, res) => {
    guard(res);
    const y = Number(req.query.nam);
    const year = Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : new Date().getUTCFullYear();
    const days = await calendarOfYear(year);
    renderAdmin(req, res, deps, 'calendar', {
      title: `Lịch làm việc năm ${year}`,
      year,
      prev: year - 1,
      next: year + 1,
      days: days.map((d) => ({ ...d, off: d.kind === 'day_off', byOperator: d.source === 'operator' })),
    });
  });
  router.post('/lich-lam-viec', async (req, res) => {
    guard(res);
    const b = body(req);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/lich-lam-viec?nam=${b.day?.slice(0, 4) ?? ''}`,
      () => setCalendarDay(deps.sequelize, actionContext(req, res), b),
      'Đã cập nhật lịch.',
    );
  });
  router.post('/lich-lam-viec/xoa', async (req, res) => {
    guard(res);
    const d = str(req.body.day, 10);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/lich-lam-viec?nam=${d.slice(0, 4)}`,
      () => removeCalendarDay(deps.sequelize, actionContext(req, res), d),
      'Đã bỏ ngày khỏi lịch.',
    );
  });
  return router;
}
