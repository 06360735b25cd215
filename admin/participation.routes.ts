// The back office of citizens' participation: a site's queue of questions, feedback and comments,
// each answered and published, or refused with a reason; the portal's routers send portal questions
// on to the site responsible. Contact details are shown here only, to those who handle them.
import { Router, type Request } from 'express';
import {
  answerParticipation,
  commentedItem,
  getForHandling,
  KIND_LABELS,
  listQueue,
  readAttachment,
  rejectParticipation,
  routeParticipation,
  QUEUE_FILTERS,
  type QueueFilter,
  statusLabelOf,
  unpublishParticipation,
  type ParticipationDeps,
} from '../server/participation/participation.service';
import { publicTextOf } from '../server/participation/participation-public';
import { can } from '../server/auth/can.policy';
import { attachmentDisposition } from '../server/text/content-disposition';
import { showInvisible } from '../server/text/invisible';
import {
  actionContext,
  idOf,
  locals,
  pageOf,
  pager,
  renderAdmin,
  siteOf,
  str,
  tryAction,
  type AdminDeps,
} from './admin-context';

const BASE = '/y-kien';

export function participationAdminRoutes(deps: AdminDeps): Router {
  const router = Router();
  const pdeps: ParticipationDeps = { sequelize: deps.sequelize, cache: deps.cache, files: deps.files };
  const portalId = () => deps.registry.portal()?.id;
  const oneOf = <T extends string>(v: unknown, allowed: readonly T[]) =>
    allowed.includes(str(v, 20) as T) ? (str(v, 20) as T) : undefined;

  router.get(BASE, async (req, res) => {
    const site = siteOf(res);
    const kind = oneOf(req.query.kind, ['question', 'feedback', 'comment'] as const);
    const status = oneOf(req.query.status, Object.keys(QUEUE_FILTERS) as QueueFilter[]);
    const page = pageOf(req.query.page);
    const q = await listQueue(actionContext(req, res), site, portalId(), { kind, status, page });
    const base = `${locals(res).adminBase}${BASE}`;
    renderAdmin(req, res, deps, 'participations', {
      title: 'Hỏi đáp, phản ánh, góp ý',
      rows: q.rows.map((p) => ({
        ...p.get({ plain: true }),
        kindLabel: KIND_LABELS[p.kind],
        statusLabel: statusLabelOf(p),
        waiting: p.status === 'received',
        routedFromName: p.routedFrom ? deps.registry.get(p.routedFrom)?.nameVi : null,
      })),
      filters: { kind: kind ?? '', status: status ?? '' },
      kinds: Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
      statuses: Object.entries(QUEUE_FILTERS).map(([value, label]) => ({ value, label })),
      pager: pager(q.total, page, 30, base, { kind: kind ?? '', status: status ?? '' }),
    });
  });

  router.get(`${BASE}/:id`, async (req, res) => {
    const site = siteOf(res);
    const actor = locals(res).actor!;
    const p = await getForHandling(actionContext(req, res), site, portalId(), idOf(req.params.id) ?? 0);
    const item = await commentedItem(site, p);
    const isPortalQueue = site.id === portalId();
    renderAdmin(req, res, deps, 'participation', {
      title: showInvisible(p.subject),
      p: {
        ...p.get({ plain: true }),
        kindLabel: KIND_LABELS[p.kind],
        statusLabel: statusLabelOf(p),
      },
      item,
      shown: publicTextOf(p),
      edited: p.publicSubject !== null || p.publicContent !== null,
      canModerate: can(actor, 'participation.moderate', { tenantId: site.id }),
      canRoute: isPortalQueue && p.kind !== 'comment' && p.status === 'received' && can(actor, 'participation.route'),
      routeTargets: deps.registry
        .all()
        .filter((s) => s.status === 'active' && s.id !== site.id)
        .sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'))
        .map((s) => ({ id: s.id, name: s.nameVi })),
      waiting: p.status === 'received',
      published: p.status === 'published',
      rejected: p.status === 'rejected',
      routedFromName: p.routedFrom ? deps.registry.get(p.routedFrom)?.nameVi : null,
    });
  });

  const back = (res: Parameters<typeof locals>[0], id: number) => `${locals(res).adminBase}${BASE}/${id}`;
  router.post(`${BASE}/:id/tra-loi`, async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    const publish = str(req.body.publish, 5) === 'on';
    await tryAction(
      req,
      res,
      back(res, id),
      () =>
        answerParticipation(pdeps, actionContext(req, res), siteOf(res), id, {
          answer: str(req.body.answer, 20_001),
          publish: str(req.body.publish, 5),
          // Absent fields leave the site's text as it is.
          ...(req.body.publicSubject === undefined ? {} : { publicSubject: str(req.body.publicSubject, 301) }),
          ...(req.body.publicContent === undefined ? {} : { publicContent: str(req.body.publicContent, 5001) }),
        }),
      publish ? 'Đã lưu trả lời và công khai trên trang.' : 'Đã lưu trả lời.',
    );
  });
  router.post(`${BASE}/:id/go-cong-khai`, async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    await tryAction(
      req,
      res,
      back(res, id),
      () => unpublishParticipation(pdeps, actionContext(req, res), siteOf(res), id),
      'Đã gỡ khỏi trang công khai.',
    );
  });
  router.post(`${BASE}/:id/tu-choi`, async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    await tryAction(
      req,
      res,
      back(res, id),
      () => rejectParticipation(pdeps, actionContext(req, res), siteOf(res), id, str(req.body.reason, 1001)),
      'Đã từ chối; người gửi xem được lý do bằng mã tra cứu.',
    );
  });
  router.post(`${BASE}/:id/chuyen`, async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    const to = deps.registry.get(idOf(req.body.to) ?? 0);
    await tryAction(
      req,
      res,
      `${locals(res).adminBase}${BASE}`,
      () => routeParticipation(pdeps, actionContext(req, res), siteOf(res), id, to),
      `Đã chuyển đến ${to?.nameVi ?? ''}.`,
    );
  });

  // The attachment, to those who handle the submission; never public. Reading it is audited.
  router.get(`${BASE}/:id/tep`, async (req: Request, res) => {
    const file = await readAttachment(
      pdeps,
      actionContext(req, res),
      siteOf(res),
      portalId(),
      idOf(req.params.id) ?? 0,
    );
    res
      .set({
        'content-type': file.mime ?? 'application/octet-stream',
        'content-disposition': attachmentDisposition(file.name, file.key.split('.').pop()),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      })
      .send(file.bytes);
  });

  return router;
}
