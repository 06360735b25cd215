// An item's page: its state and deadline, the review steps the actor may take now (each step
// action's own check(), so the rules live once), its history, its revisions, and the form to
// save a new version. Saving and taking a step come back here.
import type { Request, Response, Router } from 'express';
import type { Site } from '../../tenants/tenant.types';
import { allowed } from '../../server/actions/run-action';
import type { ActionContext } from '../../server/audit/audit.service';
import { can } from '../../server/auth/can.policy';
import { loadItem, saveItem, STATE_LABELS, stepItem, STEPS, type Step } from '../../server/content/content.service';
import { ITEM_STEPS } from '../../server/content/item-actions';
import { itemHistory, itemVersions } from '../../server/content/item-history';
import type { ItemInput } from '../../server/content/item-input';
import { kindOf } from '../../server/content/kinds';
import { ValidationError, notFound } from '../../server/core/errors';
import {
  actionContext,
  adminUrlOf,
  idOf,
  redirectWith,
  renderAdmin,
  siteOf,
  str,
  tryAction,
  type AdminDeps,
} from '../admin-context';
import { formOptions, formValues, itemInputFrom } from '../content-form';
import { itemsBase, mustRead, timeLeft } from './items-common';

export const STEP_LABELS: Record<Step, string> = {
  submit: 'Gửi duyệt',
  withdraw: 'Rút lại để sửa',
  return: 'Trả lại',
  approve: 'Duyệt và đăng',
  unpublish: 'Gỡ xuống',
  archive: 'Lưu trữ',
  republish: 'Đăng lại',
};

/** The steps the actor may take on the item now, as the runner would judge them. */
async function allowedSteps(ctx: ActionContext, site: Site, itemId: number): Promise<Step[]> {
  const steps: Step[] = [];
  for (const s of STEPS) if (await allowed(ctx, ITEM_STEPS[s], { site, itemId })) steps.push(s);
  return steps;
}

/** The item's page; after a refused save, with what was typed and each field's message (422). */
async function renderItemPage(
  deps: AdminDeps,
  req: Request,
  res: Response,
  itemId: number,
  input?: ItemInput,
  errors?: Record<string, string>,
) {
  mustRead(res);
  const site = siteOf(res);
  const ctx = actionContext(req, res);
  const item = await loadItem(site.id, itemId);
  const kind = kindOf(item.kind)!;
  const { working, live } = await itemVersions(site, item);
  const { transitions, revisions, names } = await itemHistory(site, item);
  const editable =
    item.reviewState !== 'submitted' &&
    item.reviewState !== 'scheduled' &&
    can(ctx.actor, 'content.write', { tenantId: site.id });
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
      steps: (await allowedSteps(ctx, site, item.id)).map((s) => ({
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
      action: `${itemsBase(res)}/${item.id}`,
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
}

export function itemPageRoutes(router: Router, deps: AdminDeps) {
  router.get('/tin-bai/:id', (req, res) => renderItemPage(deps, req, res, idOf(req.params.id) ?? 0));

  router.post('/tin-bai/:id', async (req, res) => {
    const site = siteOf(res);
    const item = await loadItem(site.id, idOf(req.params.id) ?? 0);
    const input = itemInputFrom(req, kindOf(item.kind)!);
    try {
      await saveItem(deps, actionContext(req, res), site, item.id, input);
    } catch (err) {
      if (err instanceof ValidationError) return renderItemPage(deps, req, res, item.id, input, err.fields);
      throw err;
    }
    redirectWith(req, res, `${itemsBase(res)}/${item.id}`, 'ok', 'Đã lưu phiên bản mới.');
  });

  router.post('/tin-bai/:id/buoc/:step', async (req, res) => {
    const step = str(req.params.step) as Step;
    if (!STEPS.includes(step)) throw notFound('Thao tác không hợp lệ');
    const id = idOf(req.params.id) ?? 0;
    const back = `${itemsBase(res)}/${id}`;
    const at = str(req.body.publishAt, 30);
    const publishAt = at ? new Date(`${at}:00+07:00`) : null;
    if (publishAt && Number.isNaN(publishAt.getTime()))
      return redirectWith(req, res, back, 'error', 'Thời điểm đăng không hợp lệ.');
    await tryAction(
      req,
      res,
      back,
      () =>
        stepItem(deps, actionContext(req, res), siteOf(res), id, step, {
          comment: str(req.body.comment, 2000),
          publishAt,
        }),
      `Đã thực hiện: ${STEP_LABELS[step]}.`,
    );
  });
}
