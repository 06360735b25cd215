// Every change of an item is one of these actions (Art 11.3: the Board moderates every item
// before it goes out), run by server/actions/run-action.ts:
//
//   review:      draft ──submit──▶ submitted ──approve──▶ (published) or scheduled ──time──▶ (published)
//                  ▲                  │  ▲                                   │
//                  └──── returned ◀───┘  └──────────── withdraw / return ────┘
//   publication: unpublished ──first approval──▶ published ──▶ unpublished | archived ──▶ published
//
// Editing a published item starts a new working revision (review: draft) while the live one
// stays public. Each action records a transition (actor, time, comment) beside its audit entry.
import { Op, type Transaction } from 'sequelize';
import type { Site } from '../../tenants/tenant.types';
import { defineAction, type Action, type ActorCtx } from '../actions/action';
import type { AuditRecord } from '../audit/audit.service';
import type { Actor } from '../auth/access';
import { can } from '../auth/can.policy';
import { AppError, ValidationError, forbidden, notFound } from '../core/errors';
import { crossSite } from '../db/cross-site';
import { siteData } from '../db/site-data';
import { contentOf, type Item, type ItemRevision, type ReviewState } from './item.model';
import { dueDate, revisionFields, uniqueSlug, validate, type ItemInput } from './item-input';
import { kindOf } from './kinds';
import { loadItem } from './load-item';

const nfc = (s: string) => s.normalize('NFC').trim();
const stateOf = (i: Item) => `${i.publication}/${i.reviewState}`;

/** What an item action did: the audit entry and the transition are written from it. */
interface ItemChange {
  item: Item;
  action: string;
  from: string;
  to: string;
  comment: string | null;
}

async function recordTransition(who: ActorCtx, c: ItemChange, transaction: Transaction) {
  await siteData({ id: c.item.tenantId }).transitions.create(
    {
      itemId: c.item.id,
      revisionId: c.item.workingRevisionId ?? c.item.liveRevisionId,
      action: c.action,
      fromState: c.from,
      toState: c.to,
      actorId: who.actor?.id ?? null,
      comment: c.comment,
    },
    { transaction },
  );
}

const auditOf = (c: ItemChange): AuditRecord => ({
  action: `item.${c.action}`,
  tenantId: c.item.tenantId,
  targetType: 'item',
  targetId: c.item.id,
  summary: {
    kind: c.item.kind,
    title: c.item.title,
    from: c.from,
    to: c.to,
    ...(c.comment ? { comment: c.comment } : {}),
  },
});

/** A person with this permission on the site, or the refusal. */
const needs = (who: ActorCtx, permission: Parameters<typeof can>[1], site: Site) =>
  who.actor && can(who.actor, permission, { tenantId: site.id }) ? null : forbidden();

/** Did this actor write the item, or the version now under review? */
export const isAuthor = (
  actor: Actor,
  item: Pick<Item, 'createdBy'>,
  working: Pick<ItemRevision, 'createdBy'> | null,
) => item.createdBy === actor.id || working?.createdBy === actor.id;

const workingOf = (item: Item, transaction?: Transaction) =>
  item.workingRevisionId
    ? siteData({ id: item.tenantId }).revisions.findByPk(item.workingRevisionId, { transaction })
    : Promise.resolve(null);

/**
 * An action that writes an item's content: it needs content.write on the site, is audited from
 * its change, and renews the site's pages (nothing of it is public until a step publishes it).
 */
const writing = <I extends { site: Site }>(
  name: string,
  execute: (who: ActorCtx, input: I, tx: Transaction) => Promise<ItemChange>,
) =>
  defineAction({
    name,
    check: (who, { site }: I) => needs(who, 'content.write', site),
    execute,
    audit: (_who, _input, c) => auditOf(c),
    invalidates: ({ site }) => ({ sites: [site.id] }),
  });

// ── Writing ────────────────────────────────────────────────────────────────────────────────────

export interface CreateItemInput {
  site: Site;
  kindCode: string;
  raw: ItemInput;
}

export const createItemAction = writing<CreateItemInput>(
  'item.create',
  async (who, { site, kindCode, raw }, transaction) => {
    const kind = kindOf(kindCode);
    if (!kind) throw new ValidationError({ kind: 'Loại thông tin không hợp lệ' });
    const data = siteData(site);
    const v = await validate(site, kind, raw, transaction);
    const receivedAt = v.receivedAt ? new Date(v.receivedAt) : new Date();
    const item = await data.items.create(
      {
        kind: kind.code,
        locale: v.locale,
        slug: await uniqueSlug(site.id, v.locale, v.title, null, transaction),
        // Until its first publication the item's row mirrors its first revision.
        ...revisionFields(v),
        translationOf: v.translationOf,
        emergency: v.emergency,
        receivedAt,
        deadlineClass: v.deadlineCode,
        dueAt: await dueDate(v.deadlineCode, receivedAt, transaction),
        publication: 'unpublished',
        reviewState: 'draft',
        publishedAt: null,
        createdBy: who.actor!.id,
        liveRevisionId: null,
        workingRevisionId: null,
        scheduledAt: null,
        publishedLate: null,
        submittedAt: null,
      },
      { transaction },
    );
    const rev = await data.revisions.create(
      { itemId: item.id, number: 1, ...revisionFields(v), createdBy: who.actor!.id },
      { transaction },
    );
    await item.update({ workingRevisionId: rev.id }, { transaction });
    const change = { item, action: 'create', from: 'new', to: stateOf(item), comment: null };
    await recordTransition(who, change, transaction);
    return change;
  },
);

export interface SaveItemInput {
  site: Site;
  itemId: number;
  raw: ItemInput;
}

/** Saves a new revision. A published item keeps its live version until the new one is approved. */
export const saveItemAction = writing<SaveItemInput>('item.save', async (who, { site, itemId, raw }, transaction) => {
  const item = await editable(
    site,
    itemId,
    transaction,
    'Tin đang chờ duyệt hoặc đã hẹn giờ đăng: hãy rút lại trước khi sửa.',
  );
  const v = await validate(site, kindOf(item.kind)!, { ...raw, locale: item.locale }, transaction);
  const rev = await newRevision(site, item, revisionFields(v), who, transaction);
  const from = stateOf(item);
  const neverPublished = !item.liveRevisionId;
  const receivedAt = v.receivedAt ? new Date(v.receivedAt) : item.receivedAt;
  await item.update(
    {
      workingRevisionId: rev.id,
      reviewState: item.reviewState === 'none' ? 'draft' : item.reviewState,
      // Until the first publication the slug follows the title, and the deadline its inputs;
      // afterwards both stay, so links and reports do not move.
      ...(neverPublished
        ? {
            title: v.title,
            slug: await uniqueSlug(site.id, item.locale, v.title, item.id, transaction),
            emergency: v.emergency,
            receivedAt,
            deadlineClass: v.deadlineCode,
            dueAt: await dueDate(v.deadlineCode, receivedAt, transaction),
          }
        : {}),
      translationOf: v.translationOf,
    },
    { transaction },
  );
  const change = { item, action: 'save', from, to: stateOf(item), comment: null };
  await recordTransition(who, change, transaction);
  return change;
});

/** The item, locked, if nothing of it is under review: a submitted or scheduled item is not edited. */
async function editable(site: Site, itemId: number, transaction: Transaction, refusal: string) {
  const item = await loadItem(site.id, itemId, transaction, true);
  if (item.reviewState === 'submitted' || item.reviewState === 'scheduled') throw new ValidationError({ _: refusal });
  return item;
}

async function newRevision(
  site: Site,
  item: Item,
  content: ReturnType<typeof contentOf>,
  who: ActorCtx,
  transaction: Transaction,
) {
  const revisions = siteData(site).revisions;
  const last = (await revisions.findOne({
    where: { itemId: item.id },
    order: [['number', 'DESC']],
    attributes: ['number'],
    transaction,
  }))!.number;
  return revisions.create({ itemId: item.id, number: last + 1, ...content, createdBy: who.actor!.id }, { transaction });
}

export interface RestoreRevisionInput {
  site: Site;
  itemId: number;
  revisionId: number;
}

/** Starts a new working revision from an old one (review: draft). */
export const restoreRevisionAction = writing<RestoreRevisionInput>(
  'item.restore',
  async (who, { site, itemId, revisionId }, transaction) => {
    const item = await editable(site, itemId, transaction, 'Tin đang chờ duyệt: hãy rút lại trước.');
    const old = await siteData(site).revisions.findOne({ where: { id: revisionId, itemId: item.id }, transaction });
    if (!old) throw notFound('Không tìm thấy phiên bản');
    const rev = await newRevision(site, item, contentOf(old), who, transaction);
    const from = stateOf(item);
    await item.update(
      { workingRevisionId: rev.id, reviewState: item.reviewState === 'none' ? 'draft' : item.reviewState },
      { transaction },
    );
    const change = { item, action: 'restore', from, to: stateOf(item), comment: `khôi phục phiên bản ${old.number}` };
    await recordTransition(who, change, transaction);
    return change;
  },
);

// ── Review and publication ─────────────────────────────────────────────────────────────────────

export const STEPS = ['submit', 'withdraw', 'return', 'approve', 'unpublish', 'archive', 'republish'] as const;
export type Step = (typeof STEPS)[number];

export interface StepInput {
  site: Site;
  itemId: number;
  comment?: string;
  publishAt?: Date | null;
}

const STATE_NAMES: Record<string, string> = {
  none: 'Không có thay đổi chờ duyệt',
  draft: 'Bản nháp',
  submitted: 'Chờ duyệt',
  returned: 'Bị trả lại',
  scheduled: 'Hẹn giờ đăng',
};

/** Makes the working revision the live one. Lateness is judged at the first publication. */
async function publishWorking(item: Item, transaction: Transaction, now = new Date()) {
  const rev = await siteData({ id: item.tenantId }).revisions.findByPk(item.workingRevisionId!, { transaction });
  if (!rev) throw new AppError('CONFLICT', 409, 'Không có bản để đăng');
  const first = !item.publishedAt;
  await item.update(
    {
      ...contentOf(rev),
      liveRevisionId: rev.id,
      workingRevisionId: null,
      reviewState: 'none',
      scheduledAt: null,
      publication: 'published',
      ...(first ? { publishedAt: now, publishedLate: item.dueAt ? now.getTime() > item.dueAt.getTime() : null } : {}),
    },
    { transaction },
  );
}

/** May this actor approve this item? Not their own work, unless the site allows it or they sit on the Board. */
async function mayApproveOwn(actor: Actor, item: Item, site: Site, transaction?: Transaction) {
  if (!isAuthor(actor, item, await workingOf(item, transaction)) || actor.platformRoles.has('board')) return true;
  return !!(await siteData(site).self(transaction))?.selfApproval;
}

interface StepRule {
  needs: 'content.submit' | 'content.moderate' | 'content.publish';
  /** Review states the step starts from ('any': it acts on the publication instead). */
  from: ReviewState[] | 'any';
  /** Beyond the state: why this item cannot take the step now, if it cannot. */
  refuse?: (actor: Actor, item: Item, site: Site, tx?: Transaction) => Promise<AppError | null> | AppError | null;
  /** The change; returns the transition's action name when it differs from the step's. */
  apply: (item: Item, input: StepInput, tx: Transaction) => Promise<string | void>;
  /** The step's own input, checked before anything is read (a return needs a reason). */
  validate?: (input: StepInput) => void;
  /** Whether the public pages change (the others only move an item through review). */
  public: boolean;
}

const none = (message: string) => new ValidationError({ _: message });

const RULES: Record<Step, StepRule> = {
  submit: {
    needs: 'content.submit',
    from: ['draft', 'returned'],
    apply: (item, _i, transaction) =>
      item.update({ reviewState: 'submitted', submittedAt: new Date() }, { transaction }).then(() => undefined),
    public: false,
  },
  withdraw: {
    needs: 'content.submit',
    from: ['submitted', 'scheduled'],
    // The author takes their own item back; anyone else who reviews it returns it, with a reason.
    refuse: async (actor, item, _site, tx) =>
      isAuthor(actor, item, await workingOf(item, tx))
        ? null
        : new AppError('FORBIDDEN', 403, 'Chỉ người viết tin được rút lại; người duyệt dùng "Trả lại" kèm ý kiến.'),
    apply: (item, _i, transaction) =>
      item.update({ reviewState: 'draft', scheduledAt: null }, { transaction }).then(() => undefined),
    public: false,
  },
  return: {
    needs: 'content.moderate',
    from: ['submitted', 'scheduled'],
    validate: ({ comment }) => {
      if (nfc(comment ?? '').length < 3)
        throw new ValidationError({ comment: 'Ghi ý kiến khi trả lại tin (ít nhất 3 ký tự)' });
    },
    apply: (item, _i, transaction) =>
      item.update({ reviewState: 'returned', scheduledAt: null }, { transaction }).then(() => undefined),
    public: false,
  },
  approve: {
    needs: 'content.publish',
    from: ['submitted'],
    refuse: async (actor, item, site, tx) =>
      (await mayApproveOwn(actor, item, site, tx))
        ? null
        : new AppError('FORBIDDEN', 403, 'Không tự duyệt tin do chính mình viết; tin cần người duyệt khác.'),
    apply: async (item, { publishAt }, transaction) => {
      if (publishAt && publishAt.getTime() > Date.now() + 30_000) {
        await item.update({ reviewState: 'scheduled', scheduledAt: publishAt }, { transaction });
        return 'schedule';
      }
      await publishWorking(item, transaction);
    },
    public: true,
  },
  unpublish: {
    needs: 'content.publish',
    from: 'any',
    refuse: (_a, item) => (item.publication === 'published' ? null : none('Tin chưa được đăng.')),
    apply: (item, _i, transaction) =>
      item.update({ publication: 'unpublished' }, { transaction }).then(() => undefined),
    public: true,
  },
  archive: {
    needs: 'content.publish',
    from: 'any',
    refuse: (_a, item) =>
      !item.liveRevisionId
        ? none('Tin chưa từng được đăng; hãy xóa bản nháp thay vì lưu trữ.')
        : item.publication === 'archived'
          ? none('Tin đã được lưu trữ.')
          : null,
    apply: (item, _i, transaction) => item.update({ publication: 'archived' }, { transaction }).then(() => undefined),
    public: true,
  },
  republish: {
    needs: 'content.publish',
    from: 'any',
    refuse: (_a, item) =>
      !item.liveRevisionId || item.publication === 'published' ? none('Không có bản đã duyệt để đăng lại.') : null,
    apply: (item, _i, transaction) => item.update({ publication: 'published' }, { transaction }).then(() => undefined),
    public: true,
  },
};

function stepAction(step: Step): Action<StepInput, ItemChange> {
  const rule = RULES[step];
  return defineAction({
    name: `item.${step}`,
    validate: rule.validate,
    // The admin asks this to decide which buttons an item shows; the runner asks it again,
    // inside the transaction, with the row locked.
    async check(who, { site, itemId }, tx) {
      const refused = needs(who, rule.needs, site);
      if (refused) return refused;
      const item = await loadItem(site.id, itemId, tx, !!tx);
      if (rule.from !== 'any' && !rule.from.includes(item.reviewState))
        return none(`Không thể thực hiện khi tin đang ở trạng thái "${STATE_NAMES[item.reviewState]}".`);
      return (await rule.refuse?.(who.actor!, item, site, tx)) ?? null;
    },
    async execute(_who, input, transaction) {
      const item = await loadItem(input.site.id, input.itemId, transaction, true);
      const from = stateOf(item);
      const comment = input.comment ? nfc(input.comment).slice(0, 2000) : '';
      const action = (await rule.apply(item, { ...input, comment }, transaction)) ?? step;
      const change = {
        item,
        action,
        from,
        to: stateOf(item),
        comment: comment || (input.publishAt ? `hẹn đăng ${input.publishAt.toISOString()}` : null),
      };
      await recordTransition(_who, change, transaction);
      return change;
    },
    audit: (_who, _input, c) => auditOf(c),
    // The portal home lists every site's latest items, and sites that show this item through
    // syndication show the change too.
    invalidates: ({ site, itemId }) => ({ sites: [site.id], portalFeed: rule.public, syndicatedItems: [itemId] }),
  });
}

/** One action per review step, so that the admin asks the same check() the runner does. */
export const ITEM_STEPS = Object.fromEntries(STEPS.map((s) => [s, stepAction(s)])) as Record<
  Step,
  Action<StepInput, ItemChange>
>;

const SCHEDULER_LOCK = 7_130_421_002;

/**
 * Publishes every scheduled item whose time has come. Safe to run on every instance at once: an
 * advisory lock lets one run at a time, and rows are locked and re-checked, so each item is
 * published exactly once.
 */
export const publishDueAction = defineAction({
  name: 'item.publish.scheduled',
  // The scheduler's own work: no person starts it.
  check: (who) => (who.actor ? forbidden() : null),
  async execute(who, { now }: { now: Date }, transaction): Promise<ItemChange[]> {
    const db = crossSite('scheduler');
    const [lock] = await db.select<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(:key) AS ok', {
      replacements: { key: SCHEDULER_LOCK },
      transaction,
    });
    if (!lock?.ok) return [];
    const due = await db.items.findAll({
      where: { reviewState: 'scheduled', scheduledAt: { [Op.lte]: now } },
      lock: transaction.LOCK.UPDATE,
      skipLocked: true,
      transaction,
      limit: 500,
    });
    const changes: ItemChange[] = [];
    for (const item of due) {
      const from = stateOf(item);
      await publishWorking(item, transaction, now);
      const change = { item, action: 'publish.scheduled', from, to: stateOf(item), comment: null };
      await recordTransition(who, change, transaction);
      changes.push(change);
    }
    return changes;
  },
  audit: (_who, _input, changes) => changes.map(auditOf),
  invalidates: (_input, changes) => ({
    sites: changes.map((c) => c.item.tenantId),
    portalFeed: changes.length > 0,
    // Sites that republish a scheduled item show it when it goes live, like any approval.
    syndicatedItems: changes.map((c) => c.item.id),
  }),
});
