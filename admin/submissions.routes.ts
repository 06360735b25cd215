// Information handed in by agencies, turned into items by the Board; and coverage assignments.
import { Router, type Request } from 'express';
import { can } from '../server/auth/can.policy';
import { KINDS } from '../server/content/kinds';
import { latestDocuments } from '../server/media/media.service';
import {
  assignCoverage,
  assignmentBoard,
  convertSubmission,
  linkAssignmentItem,
  listSubmissions,
  submitInformation,
} from '../server/content/submissions.service';
import {
  actionContext,
  tryAction,
  idOf,
  locals,
  redirectWith,
  renderAdmin,
  siteOf,
  str,
  type AdminDeps,
} from './admin-context';
import { ValidationError } from '../server/core/errors';

export function submissionsRoutes(deps: AdminDeps): Router {
  const router = Router();
  const body = (req: Request) =>
    Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, str(v, 6000)]));

  router.get('/ho-so', async (req, res) => {
    const site = siteOf(res);
    const actor = locals(res).actor!;
    const subs = await listSubmissions(actionContext(req, res), site);
    const files = await latestDocuments(site.id, 100);
    renderAdmin(req, res, deps, 'submissions', {
      title: 'Hồ sơ thông tin từ cơ quan',
      submissions: subs.map((s) => ({
        ...s.get({ plain: true }),
        kindLabel: s.kind === 'event_news' ? 'Tin sự kiện' : 'Văn bản đã ký',
      })),
      files: files.map((f) => ({ id: f.id, name: f.originalName })),
      kinds: KINDS.map((k) => ({ code: k.code, label: k.label })),
      canSubmit: can(actor, 'content.submit', { tenantId: site.id }),
      canConvert: can(actor, 'content.moderate', { tenantId: site.id }),
    });
  });
  router.post('/ho-so', async (req, res) => {
    const b = body(req);
    if (b.occurredAt) b.occurredAt = `${b.occurredAt}:00+07:00`;
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/ho-so`,
      () => submitInformation(deps, actionContext(req, res), siteOf(res), b),
      'Đã gửi hồ sơ thông tin.',
    );
  });
  router.post('/ho-so/:id/tao-tin', async (req, res) => {
    const back = `${locals(res).adminBase}/ho-so`;
    try {
      const item = await convertSubmission(
        deps,
        actionContext(req, res),
        siteOf(res),
        idOf(req.params.id) ?? 0,
        str(req.body.kind, 40),
      );
      redirectWith(
        req,
        res,
        `${locals(res).adminBase}/tin-bai/${item.id}`,
        'ok',
        'Đã tạo bản nháp từ hồ sơ; hãy bổ sung các mục còn thiếu.',
      );
    } catch (err) {
      if (err instanceof ValidationError) return redirectWith(req, res, back, 'error', err.message);
      throw err;
    }
  });

  router.get('/phan-cong', async (req, res) => {
    const site = siteOf(res);
    const actor = locals(res).actor!;
    const { assignments: list, writerIds, names: nameOf } = await assignmentBoard(actionContext(req, res), site);
    renderAdmin(req, res, deps, 'assignments', {
      title: 'Phân công đưa tin',
      assignments: list.map((a) => ({
        ...a.get({ plain: true }),
        who: nameOf.get(a.assigneeId),
        mine: a.assigneeId === actor.id,
      })),
      writers: writerIds
        .map((id) => ({ id, name: nameOf.get(id) }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name), 'vi')),
      canAssign: can(actor, 'content.moderate', { tenantId: site.id }),
    });
  });
  router.post('/phan-cong', async (req, res) => {
    const b = body(req);
    if (b.startsAt) b.startsAt = `${b.startsAt}:00+07:00`;
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/phan-cong`,
      () => assignCoverage(deps.sequelize, actionContext(req, res), siteOf(res), b),
      'Đã phân công.',
    );
  });
  router.post('/phan-cong/:id/tin', async (req, res) => {
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}/phan-cong`,
      () =>
        linkAssignmentItem(
          deps.sequelize,
          actionContext(req, res),
          siteOf(res),
          idOf(req.params.id) ?? 0,
          idOf(req.body.itemId) ?? 0,
        ),
      'Đã gắn tin bài.',
    );
  });
  return router;
}
