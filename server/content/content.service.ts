// Items: the entry points the back office, the API, the CLI and the scheduler call. Each change
// is an action of item-actions.ts run by the one runner (check, transaction, transition and audit
// in it, then the cache of the site, the portal feed and the syndicated copies); the reads that
// span sites name their purpose (crossSite).
import { literal, Op } from 'sequelize';
import type { Site } from '../../tenants/tenant.types';
import { runAction, type ActionDeps } from '../actions/run-action';
import type { ActionContext } from '../audit/audit.service';
import type { Actor } from '../auth/access';
import { ValidationError } from '../core/errors';
import { crossSite } from '../db/cross-site';
import type { ItemInput } from './item-input';
import {
  createItemAction,
  ITEM_STEPS,
  publishDueAction,
  restoreRevisionAction,
  saveItemAction,
  type Step,
} from './item-actions';

export type ContentDeps = ActionDeps;
export type { ItemInput } from './item-input';
export { loadItem } from './load-item';
export { isAuthor, STEPS, type Step } from './item-actions';

export async function createItem(deps: ContentDeps, ctx: ActionContext, site: Site, kindCode: string, raw: ItemInput) {
  return (await runAction(deps, ctx, createItemAction, { site, kindCode, raw })).item;
}

/** Saves a new revision. A published item keeps its live version until the new one is approved. */
export async function saveItem(deps: ContentDeps, ctx: ActionContext, site: Site, itemId: number, raw: ItemInput) {
  return (await runAction(deps, ctx, saveItemAction, { site, itemId, raw })).item;
}

export async function stepItem(
  deps: ContentDeps,
  ctx: ActionContext,
  site: Site,
  itemId: number,
  step: Step,
  opts: { comment?: string; publishAt?: Date | null } = {},
) {
  const action = ITEM_STEPS[step];
  if (!action) throw new ValidationError({ _: 'Thao tác không hợp lệ' });
  await runAction(deps, ctx, action, { site, itemId, ...opts });
}

/** Starts a new working revision from an old one (review: draft). */
export async function restoreRevision(
  deps: ContentDeps,
  ctx: ActionContext,
  site: Site,
  itemId: number,
  revisionId: number,
) {
  await runAction(deps, ctx, restoreRevisionAction, { site, itemId, revisionId });
}

/** Publishes every scheduled item whose time has come (the scheduler). Returns the number published. */
export async function publishDueItems(deps: ContentDeps, now = new Date()): Promise<number> {
  return (await runAction(deps, { actor: null, ip: null, email: 'system' }, publishDueAction, { now })).length;
}

// Sequelize has no NULLS LAST for a plain column; this keeps items without a deadline last.
const nullsLast = (col: string) => literal(`${col} IS NULL, ${col}`);

export const STATE_LABELS: Record<string, string> = {
  none: 'Không có thay đổi chờ duyệt',
  draft: 'Bản nháp',
  submitted: 'Chờ duyệt',
  returned: 'Bị trả lại',
  scheduled: 'Hẹn giờ đăng',
  unpublished: 'Chưa đăng',
  published: 'Đã đăng',
  archived: 'Lưu trữ',
};

/** "Awaiting my review": submitted items on every site the actor moderates, most urgent first. */
export async function reviewQueue(actor: Actor, limit = 200) {
  const board = actor.platformRoles.has('board');
  const sites = [...actor.siteRoles.entries()].filter(([, roles]) => roles.has('approver')).map(([id]) => id);
  if (!board && sites.length === 0) return [];
  return crossSite('board-queue').items.findAll({
    where: { reviewState: 'submitted', ...(board ? {} : { tenantId: { [Op.in]: sites } }) },
    order: [
      ['emergency', 'DESC'],
      [nullsLast('due_at'), 'ASC'],
      ['submittedAt', 'ASC'],
    ],
    limit,
  });
}
