// Items of a site in its back office: lists with filters, a form per kind, the review steps,
// history, revisions with their differences, and a preview in the site's own theme.
// Also "awaiting my review", across every site the person moderates.
import { Router, type Request, type Response } from 'express';
import { Op, type WhereOptions } from 'sequelize';
import { can } from '../server/auth/can.policy';
import { Person } from '../server/auth/person.model';
import {
  createItem,
  isAuthor,
  loadItem,
  restoreRevision,
  reviewQueue,
  saveItem,
  STATE_LABELS,
  stepItem,
} from '../server/content/content.service';
import { Item, ItemRevision, ItemTransition } from '../server/content/item.model';
import { KINDS, kindOf } from '../server/content/kinds';
import { categoryTree } from '../server/content/categories.service';
import {
  actionContext,
  adminUrlOf,
  idOf,
  locals,
  pageOf,
  pager,
  redirectWith,
  renderAdmin,
  siteOf,
  str,
  type AdminDeps,
} from './admin-context';
import { formOptions, formValues, itemInputFrom } from './content-form';
import { itemPageView } from '../server/site/item-view';
import { itemMedia } from '../server/site/media-view';
import { AppError, ValidationError, forbidden, notFound } from '../server/core/errors';

const PER_PAGE = 25;
const STEPS = ['submit', 'withdraw', 'return', 'approve', 'unpublish', 'archive', 'republish'] as const;
type Step = (typeof STEPS)[number];
const STEP_LABELS: Record<Step, string> = {
  submit: 'Gửi duyệt',
  withdraw: 'Rút lại để sửa',
  return: 'Trả lại',
  approve: 'Duyệt và đăng',
  unpublish: 'Gỡ xuống',
  archive: 'Lưu trữ',
  republish: 'Đăng lại',
};

/** Time left until a due date, in words. */
export function timeLeft(due: Date | null, now = Date.now()): string {
  if (!due) return 'Không có hạn';
  const ms = due.getTime() - now;
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3600_000);
  const text =
    h >= 48 ? `${Math.floor(h / 24)} ngày` : h >= 1 ? `${h} giờ` : `${Math.max(1, Math.floor(abs / 60_000))} phút`;
  return ms >= 0 ? `còn ${text}` : `quá hạn ${text}`;
}

export function contentRoutes(deps: AdminDeps): Router {
  const router = Router();
  const base = (res: Response) => `${locals(res).adminBase}/tin-bai`;
  const readable = (res: Response) => {
    if (!can(locals(res).actor, 'content.read', { tenantId: siteOf(res).id })) throw forbidden();
  };

  router.get('/tin-bai', async (req, res) => {
    readable(res);
    const site = siteOf(res);
    const f = {
      q: str(req.query.q),
      kind: str(req.query.kind),
      state: str(req.query.state),
      category: str(req.query.category),
      author: str(req.query.author),
      overdue: str(req.query.overdue),
    };
    const where: Record<string | symbol, unknown> = { tenantId: site.id };
    if (kindOf(f.kind)) where.kind = f.kind;
    if (['draft', 'submitted', 'returned', 'scheduled'].includes(f.state)) where.reviewState = f.state;
    if (['published', 'unpublished', 'archived'].includes(f.state)) where.publication = f.state;
    if (idOf(f.category)) where.categoryIds = { [Op.contains]: [idOf(f.category)] };
    if (f.q) where.title = { [Op.iLike]: `%${f.q.replace(/[%_\\]/g, '\\$&')}%` };
    if (f.author) where.author = { [Op.iLike]: `%${f.author.replace(/[%_\\]/g, '\\$&')}%` };
    if (f.overdue === '1') Object.assign(where, { publication: 'unpublished', dueAt: { [Op.lt]: new Date() } });
    const page = pageOf(req.query.page);
    const { rows, count } = await Item.findAndCountAll({
      where: where as WhereOptions,
      order: [['updatedAt', 'DESC']],
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    });
    renderAdmin(req, res, deps, 'items', {
      title: 'Tin bài',
      items: rows.map((i) => ({
        id: i.id,
        title: i.title,
        kindLabel: kindOf(i.kind)?.label ?? i.kind,
        author: i.author,
        updatedAt: i.updatedAt,
        publication: STATE_LABELS[i.publication],
        review: i.reviewState === 'none' ? '' : STATE_LABELS[i.reviewState],
        emergency: i.emergency,
        due: i.dueAt,
        left: i.publishedAt ? (i.publishedLate ? 'Đăng trễ hạn' : i.dueAt ? 'Đăng đúng hạn' : '') : timeLeft(i.dueAt),
        late: i.publishedLate || (!i.publishedAt && !!i.dueAt && i.dueAt.getTime() < Date.now()),
      })),
      filters: f,
      kinds: KINDS.map((k) => ({ value: k.code, label: k.label })),
      categories: (await categoryTree(site.id)).map(({ c, depth }) => ({
        id: String(c.id),
        name: `${'— '.repeat(depth)}${c.nameVi}`,
      })),
      states: Object.entries(STATE_LABELS)
        .filter(([k]) => k !== 'none')
        .map(([value, label]) => ({ value, label })),
      canWrite: can(locals(res).actor, 'content.write', { tenantId: site.id }),
      pager: pager(count, page, PER_PAGE, base(res), f),
    });
  });

  router.get('/tin-bai/moi', async (req, res) => {
    const site = siteOf(res);
    if (!can(locals(res).actor, 'content.write', { tenantId: site.id })) throw forbidden();
    const kind = kindOf(str(req.query.loai));
    if (!kind)
      return renderAdmin(req, res, deps, 'item-kinds', {
        title: 'Viết tin bài mới',
        kinds: KINDS.map((k) => ({ code: k.code, label: k.label })),
      });
    const person = locals(res).person!;
    const values = formValues({ author: person.fullName, source: site.nameVi });
    renderAdmin(req, res, deps, 'item-form', {
      title: `${kind.label} mới`,
      creating: true,
      action: `${base(res)}/moi?loai=${kind.code}`,
      hasEnglish: site.languages.includes('en'),
      ...(await formOptions(site, kind, values)),
    });
  });

  router.post('/tin-bai/moi', async (req, res) => {
    const site = siteOf(res);
    const kind = kindOf(str(req.query.loai));
    if (!kind) throw new AppError('BAD_REQUEST', 400, 'Loại thông tin không hợp lệ');
    const input = itemInputFrom(req, kind);
    try {
      const item = await createItem(deps, actionContext(req, res), site, kind.code, input);
      redirectWith(req, res, `${base(res)}/${item.id}`, 'ok', 'Đã lưu bản nháp.');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // The form comes back with everything the editor typed, and a message at each field.
      renderAdmin(
        req,
        res,
        deps,
        'item-form',
        {
          title: `${kind.label} mới`,
          creating: true,
          action: `${base(res)}/moi?loai=${kind.code}`,
          hasEnglish: site.languages.includes('en'),
          ...(await formOptions(site, kind, formValues(input), err.fields)),
        },
        422,
      );
    }
  });

  const itemPage = async (
    req: Request,
    res: Response,
    itemId: number,
    input?: ReturnType<typeof itemInputFrom>,
    errors?: Record<string, string>,
  ) => {
    readable(res);
    const site = siteOf(res);
    const actor = locals(res).actor!;
    const item = await loadItem(site.id, itemId);
    const kind = kindOf(item.kind)!;
    const working = item.workingRevisionId ? await ItemRevision.findByPk(item.workingRevisionId) : null;
    const live = item.liveRevisionId ? await ItemRevision.findByPk(item.liveRevisionId) : null;
    const transitions = await ItemTransition.findAll({
      where: { itemId: item.id },
      order: [
        ['at', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: 100,
    });
    const revisions = await ItemRevision.findAll({
      where: { itemId: item.id },
      attributes: ['id', 'number', 'title', 'createdBy', 'createdAt'],
      order: [['number', 'DESC']],
    });
    const actorIds = [
      ...new Set(
        [...transitions.map((t) => t.actorId), ...revisions.map((r) => r.createdBy)].filter(
          (x): x is number => x !== null,
        ),
      ),
    ];
    const names = new Map(
      (await Person.findAll({ where: { id: actorIds }, attributes: ['id', 'fullName'] })).map((p) => [
        p.id,
        p.fullName,
      ]),
    );
    const editable =
      item.reviewState !== 'submitted' &&
      item.reviewState !== 'scheduled' &&
      can(actor, 'content.write', { tenantId: site.id });
    const allowedSteps = STEPS.filter((s) => {
      const need =
        s === 'submit' || s === 'withdraw' ? 'content.submit' : s === 'return' ? 'content.moderate' : 'content.publish';
      if (!can(actor, need, { tenantId: site.id })) return false;
      if (s === 'submit') return item.reviewState === 'draft' || item.reviewState === 'returned';
      if (s === 'withdraw' && !isAuthor(actor, item, working)) return false;
      if (s === 'withdraw' || s === 'return')
        return item.reviewState === 'submitted' || item.reviewState === 'scheduled';
      if (s === 'approve') return item.reviewState === 'submitted';
      if (s === 'unpublish') return item.publication === 'published';
      if (s === 'archive') return !!item.liveRevisionId && item.publication !== 'archived';
      return !!item.liveRevisionId && item.publication !== 'published';
    });
    renderAdmin(
      req,
      res,
      deps,
      'item',
      {
        title: item.title,
        item: {
          id: item.id,
          kindLabel: kind.label,
          publication: STATE_LABELS[item.publication],
          isPublished: item.publication === 'published',
          review: STATE_LABELS[item.reviewState],
          reviewState: item.reviewState,
          receivedAt: item.receivedAt,
          dueAt: item.dueAt,
          left: timeLeft(item.dueAt),
          emergency: item.emergency,
          publishedAt: item.publishedAt,
          late: item.publishedLate,
          onTime: item.publishedLate === false,
          scheduledAt: item.scheduledAt,
          deadlineClass: item.deadlineClass,
          publicUrl:
            item.publication === 'published'
              ? `${adminUrlOf(deps, req, site).replace(/\/admin$/, '')}${item.locale === 'en' ? '/en' : ''}/${kind.path[item.locale as 'vi' | 'en']}/${item.slug}`
              : null,
        },
        steps: allowedSteps.map((s) => ({
          value: s,
          label: STEP_LABELS[s],
          needsComment: s === 'return',
          canSchedule: s === 'approve',
        })),
        transitions: transitions.map((t) => ({
          ...t.get({ plain: true }),
          who: t.actorId ? (names.get(t.actorId) ?? `#${t.actorId}`) : 'Hệ thống',
          label: t.action,
        })),
        revisions: revisions.map((r) => ({
          ...r.get({ plain: true }),
          who: r.createdBy ? names.get(r.createdBy) : '',
          isLive: r.id === item.liveRevisionId,
          isWorking: r.id === item.workingRevisionId,
        })),
        editable,
        hasWorking: !!working,
        action: `${base(res)}/${item.id}`,
        ...(await formOptions(
          site,
          kind,
          // An item written without revisions (the demo, an import) holds its content in its row.
          input ? formValues(input) : formValues(working ?? live ?? item, item),
          errors,
        )),
      },
      errors ? 422 : 200,
    );
  };

  router.get('/tin-bai/:id', (req, res) => itemPage(req, res, idOf(req.params.id) ?? 0));

  router.post('/tin-bai/:id', async (req, res) => {
    const site = siteOf(res);
    const item = await loadItem(site.id, idOf(req.params.id) ?? 0);
    const input = itemInputFrom(req, kindOf(item.kind)!);
    try {
      await saveItem(deps, actionContext(req, res), site, item.id, input);
    } catch (err) {
      if (err instanceof ValidationError) return itemPage(req, res, item.id, input, err.fields);
      throw err;
    }
    redirectWith(req, res, `${base(res)}/${item.id}`, 'ok', 'Đã lưu phiên bản mới.');
  });

  router.post('/tin-bai/:id/buoc/:step', async (req, res) => {
    const site = siteOf(res);
    const step = str(req.params.step) as Step;
    if (!STEPS.includes(step)) throw notFound('Thao tác không hợp lệ');
    const id = idOf(req.params.id) ?? 0;
    const at = str(req.body.publishAt, 30);
    const publishAt = at ? new Date(`${at}:00+07:00`) : null;
    if (publishAt && Number.isNaN(publishAt.getTime()))
      return redirectWith(req, res, `${base(res)}/${id}`, 'error', 'Thời điểm đăng không hợp lệ.');
    try {
      await stepItem(deps, actionContext(req, res), site, id, step, {
        comment: str(req.body.comment, 2000),
        publishAt,
      });
    } catch (err) {
      if (err instanceof ValidationError) return redirectWith(req, res, `${base(res)}/${id}`, 'error', err.message);
      throw err;
    }
    redirectWith(req, res, `${base(res)}/${id}`, 'ok', `Đã thực hiện: ${STEP_LABELS[step]}.`);
  });

  router.get('/tin-bai/:id/phien-ban/:rev', async (req, res) => {
    readable(res);
    const site = siteOf(res);
    const item = await loadItem(site.id, idOf(req.params.id) ?? 0);
    const rev = await ItemRevision.findOne({ where: { id: idOf(req.params.rev) ?? 0, itemId: item.id } });
    if (!rev) throw notFound('Không tìm thấy phiên bản');
    const against = await ItemRevision.findByPk(item.workingRevisionId ?? item.liveRevisionId ?? 0);
    const fieldsOf = (r: ItemRevision | null) => ({
      'Tiêu đề': r?.title ?? '',
      'Tóm tắt': r?.summary ?? '',
      'Nội dung': (r?.body ?? '').replace(/<[^>]+>/g, ' '),
      'Tác giả': r?.author ?? '',
      Nguồn: r?.source ?? '',
      ...Object.fromEntries(Object.entries(r?.data ?? {}).map(([k, v]) => [k, String(v)])),
    });
    const a = fieldsOf(rev);
    const b = fieldsOf(against);
    const { diffWords } = await import('diff'); // comparing revisions is rare: not loaded at start
    const diffs = [...new Set([...Object.keys(a), ...Object.keys(b)])].map((label) => ({
      label,
      parts: diffWords((a as Record<string, string>)[label] ?? '', (b as Record<string, string>)[label] ?? '').map(
        (p) => ({ text: p.value, added: p.added, removed: p.removed }),
      ),
      changed: (a as Record<string, string>)[label] !== (b as Record<string, string>)[label],
    }));
    renderAdmin(req, res, deps, 'item-revision', {
      title: `Phiên bản ${rev.number}: ${rev.title}`,
      itemId: item.id,
      rev: rev.get({ plain: true }),
      againstNumber: against?.number,
      diffs,
      canRestore: can(locals(res).actor, 'content.write', { tenantId: site.id }),
    });
  });

  router.post('/tin-bai/:id/phien-ban/:rev/khoi-phuc', async (req, res) => {
    const id = idOf(req.params.id) ?? 0;
    try {
      await restoreRevision(deps, actionContext(req, res), siteOf(res), id, idOf(req.params.rev) ?? 0);
    } catch (err) {
      if (err instanceof ValidationError) return redirectWith(req, res, `${base(res)}/${id}`, 'error', err.message);
      throw err;
    }
    redirectWith(req, res, `${base(res)}/${id}`, 'ok', 'Đã khôi phục thành bản nháp mới.');
  });

  // The working version, as the public would see it, in the site's own theme.
  router.get('/tin-bai/:id/xem-truoc', async (req, res) => {
    readable(res);
    const site = siteOf(res);
    const item = await loadItem(site.id, idOf(req.params.id) ?? 0);
    // An item written without revisions (the demo, an import) holds its content in its row.
    const rev = (await ItemRevision.findByPk(item.workingRevisionId ?? item.liveRevisionId ?? 0)) ?? item;
    const kind = kindOf(item.kind)!;
    const basePath = `${site.pathPrefix}${item.locale === 'en' ? '/en' : ''}`;
    const view = itemPageView(
      kind,
      { ...rev.get({ plain: true }), kind: item.kind, publishedAt: item.publishedAt, dueAt: item.dueAt },
      item.locale,
      basePath,
    );
    const media = await itemMedia(
      { site, locale: item.locale, basePath, host: '', requestId: '' },
      rev.coverMediaId ?? null,
      rev.attachmentIds ?? [],
      rev.data?.coverCaption,
    );
    const html = deps.renderer.render(
      { site, locale: item.locale, basePath, viBasePath: site.pathPrefix },
      { ...view, title: `[Xem trước] ${view.title}`, page: { ...view.page, ...media } },
      null,
    );
    res.set({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' }).type('html').send(html);
  });

  router.get('/cho-duyet', async (req, res) => {
    const actor = locals(res).actor!;
    const items = await reviewQueue(actor);
    renderAdmin(req, res, deps, 'review-queue', {
      title: 'Chờ tôi duyệt',
      items: items.map((i) => {
        const s = deps.registry.get(i.tenantId)!;
        return {
          title: i.title,
          siteName: s.nameVi,
          kindLabel: kindOf(i.kind)?.label,
          emergency: i.emergency,
          dueAt: i.dueAt,
          left: timeLeft(i.dueAt),
          late: !!i.dueAt && i.dueAt.getTime() < Date.now(),
          submittedAt: i.submittedAt,
          url: `${adminUrlOf(deps, req, s)}/tin-bai/${i.id}`,
        };
      }),
    });
  });

  return router;
}
