// Items and their review (Art 11.3: the Board moderates every item before it goes out).
//
//   review:      draft ──submit──▶ submitted ──approve──▶ (published) or scheduled ──time──▶ (published)
//                  ▲                  │  ▲                                   │
//                  └──── returned ◀───┘  └──────────── withdraw / return ────┘
//   publication: unpublished ──first approval──▶ published ──▶ unpublished | archived ──▶ published
//
// Editing a published item starts a new working revision (review: draft) while the live one
// stays public. Every step checks the policy, records a transition with actor, time and comment,
// and writes the audit log, in one transaction; the site's page cache is renewed after it.
import { SUBSITE_FEED } from '../cache/cache';
import { literal, Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { z } from 'zod';
import type { Site } from '../../tenants/tenant.types';
import { Tenant } from '../../tenants/tenant.model';
import { recordAudit, type ActionContext } from '../audit/audit.service';
import type { Actor } from '../auth/access';
import { can } from '../auth/can.policy';
import type { Cache } from '../cache/cache';
import { loadCalendar, vnDay } from '../calendar/working-calendar';
import { slugify } from '../text/slugify';
import { Category } from './category.model';
import { deadlineClassOn, DeadlineClass } from './deadline-class.model';
import { Item, ItemRevision, ItemTransition, type ReviewState } from './item.model';
import { kindOf, validateKindData, type KindDef } from './kinds';
import { Media } from '../media/media.model';
import { sanitizeRichText } from './sanitize';
import { receivingSites } from './syndication.service';
import { loadItem } from './load-item';
import { AppError, ValidationError, forbidden, notFound } from '../core/errors';

export interface ContentDeps {
  sequelize: Sequelize;
  cache: Cache;
}

const nfc = (s: string) => s.normalize('NFC').trim();
const optText = (label: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .transform(nfc)
      .pipe(z.string().max(max, `${label}: tối đa ${max} ký tự`)),
  );

const commonSchema = z.object({
  title: optText('Tiêu đề', 300).pipe(z.string().min(1, 'Tiêu đề: bắt buộc')),
  summary: optText('Tóm tắt', 1000),
  body: optText('Nội dung', 200_000),
  author: optText('Tác giả', 200).pipe(z.string().min(1, 'Tác giả: bắt buộc (Điều 6, Điều 8)')),
  source: optText('Nguồn', 300),
  originalPublishedAt: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z
      .string()
      .refine(
        (v) =>
          v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) && Date.parse(v) <= Date.now()),
        'Ngày đăng gốc: ngày không hợp lệ hoặc ở tương lai',
      ),
  ),
  receivedAt: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z
      .string()
      .refine(
        (v) => v === '' || (!Number.isNaN(Date.parse(v)) && Date.parse(v) <= Date.now() + 60_000),
        'Thời điểm nhận thông tin: không hợp lệ hoặc ở tương lai',
      ),
  ),
  deadlineClass: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(40)),
  emergency: z.preprocess((v) => v === 'on' || v === true || v === 'true', z.boolean()),
  categoryIds: z.preprocess(
    (v) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]),
    z.array(z.coerce.number().int().positive()),
  ),
  locale: z.preprocess((v) => (v === 'en' ? 'en' : 'vi'), z.enum(['vi', 'en'])),
  translationOf: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : Number(v)),
    z.number().int().positive().nullable(),
  ),
  coverMediaId: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : Number(v)),
    z.number().int().positive().nullable(),
  ),
  attachmentIds: z.preprocess(
    (v) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]),
    z.array(z.coerce.number().int().positive()).max(50, 'Tối đa 50 tệp đính kèm'),
  ),
});
/** What a form sends: strings as typed, validated by `validate`. */
export type ItemInput = Partial<
  Record<
    | 'title'
    | 'summary'
    | 'body'
    | 'author'
    | 'source'
    | 'originalPublishedAt'
    | 'receivedAt'
    | 'deadlineClass'
    | 'translationOf'
    | 'locale',
    string
  >
> & {
  emergency?: string | boolean;
  categoryIds?: string | string[];
  coverMediaId?: string;
  attachmentIds?: string | string[];
  data?: Record<string, unknown>;
};

/** Validates everything an editor sends; every problem is reported at once, per field. */
async function validate(site: Site, kind: KindDef, raw: ItemInput, transaction?: Transaction) {
  const errors: Record<string, string> = {};
  const parsed = commonSchema.safeParse(raw);
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  // The title is called what the kind calls it ("Trích yếu", "Tên dự án", …).
  if (errors.title) errors.title = errors.title.replace(/^Tiêu đề/, kind.titleLabel);
  const kindData = validateKindData(kind, raw.data ?? {});
  for (const [k, v] of Object.entries(kindData.errors)) errors[`data.${k}`] = v;
  if (!parsed.success) throw new ValidationError(errors);
  const c = parsed.data;
  if (c.originalPublishedAt && !c.source) errors.source = 'Nguồn: bắt buộc với thông tin trích dẫn (Điều 6.1c)';
  if (c.locale === 'en' && !site.languages.includes('en')) errors.locale = 'Trang này chưa có phiên bản tiếng Anh';
  if (c.categoryIds.length) {
    // Categories of another site are never accepted, whatever the ids say.
    const found = await Category.count({ where: { tenantId: site.id, id: { [Op.in]: c.categoryIds } }, transaction });
    if (found !== new Set(c.categoryIds).size) errors.categoryIds = 'Chuyên mục không thuộc trang này';
  }
  if (c.translationOf) {
    const other = await Item.findOne({ where: { id: c.translationOf, tenantId: site.id }, transaction });
    if (!other || other.locale === c.locale)
      errors.translationOf = 'Bản dịch phải là một tin của trang này, bằng ngôn ngữ kia';
  }
  const deadlineCode = c.emergency ? 'emergency' : c.deadlineClass || kind.deadlineClass;
  if (!(await DeadlineClass.count({ where: { code: deadlineCode }, transaction })))
    errors.deadlineClass = 'Loại thời hạn không hợp lệ';
  // Files, like categories, must be the site's own.
  if (
    c.coverMediaId &&
    !(await Media.count({ where: { id: c.coverMediaId, tenantId: site.id, kind: 'image' }, transaction }))
  ) {
    errors.coverMediaId = 'Ảnh đại diện phải là một ảnh trong thư viện của trang này';
  }
  const attachments = [...new Set(c.attachmentIds)];
  if (
    attachments.length &&
    (await Media.count({ where: { id: { [Op.in]: attachments }, tenantId: site.id }, transaction })) !==
      attachments.length
  ) {
    errors.attachmentIds = 'Tệp đính kèm phải thuộc thư viện của trang này';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return {
    ...c,
    attachmentIds: attachments,
    body: c.body ? sanitizeRichText(c.body) : '',
    data: kindData.data,
    deadlineCode,
  };
}

export { loadItem } from './load-item';

async function uniqueSlug(
  siteId: number,
  locale: string,
  title: string,
  exceptId: number | null,
  transaction: Transaction,
) {
  const base = slugify(title) || 'tin';
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await Item.findOne({
      where: { tenantId: siteId, locale, slug, ...(exceptId ? { id: { [Op.ne]: exceptId } } : {}) },
      transaction,
    });
    if (!taken) return slug;
  }
}

async function dueDate(code: string, receivedAt: Date, sequelize: Sequelize, transaction: Transaction) {
  const cls = await deadlineClassOn(code, vnDay(receivedAt), transaction);
  if (!cls) return null;
  return (await loadCalendar(sequelize, transaction)).dueAt(receivedAt, cls.unit, cls.amount);
}

async function transition(
  ctx: ActionContext | null,
  item: Item,
  action: string,
  from: string,
  to: string,
  comment: string | null,
  transaction: Transaction,
) {
  await ItemTransition.create(
    {
      itemId: item.id,
      tenantId: item.tenantId,
      revisionId: item.workingRevisionId ?? item.liveRevisionId,
      action,
      fromState: from,
      toState: to,
      actorId: ctx?.actor.id ?? null,
      comment,
    },
    { transaction },
  );
  await recordAudit(
    ctx ?? { actor: null, ip: null, email: 'system' },
    {
      action: `item.${action}`,
      tenantId: item.tenantId,
      targetType: 'item',
      targetId: item.id,
      summary: { kind: item.kind, title: item.title, from, to, ...(comment ? { comment } : {}) },
    },
    transaction,
  );
}

// Sequelize has no NULLS LAST for a plain column; this keeps items without a deadline last.
const nullsLast = (col: string) => literal(`${col} IS NULL, ${col}`);

const stateOf = (i: Item) => `${i.publication}/${i.reviewState}`;

export async function createItem(deps: ContentDeps, ctx: ActionContext, site: Site, kindCode: string, raw: ItemInput) {
  if (!can(ctx.actor, 'content.write', { tenantId: site.id })) throw forbidden();
  const kind = kindOf(kindCode);
  if (!kind) throw new ValidationError({ kind: 'Loại thông tin không hợp lệ' });
  return deps.sequelize.transaction(async (transaction) => {
    const v = await validate(site, kind, raw, transaction);
    const receivedAt = v.receivedAt ? new Date(v.receivedAt) : new Date();
    const item = await Item.create(
      {
        tenantId: site.id,
        kind: kind.code,
        locale: v.locale,
        slug: await uniqueSlug(site.id, v.locale, v.title, null, transaction),
        title: v.title,
        summary: v.summary || null,
        body: v.body || null,
        author: v.author,
        source: v.source || null,
        originalPublishedAt: v.originalPublishedAt || null,
        data: v.data,
        categoryIds: v.categoryIds,
        translationOf: v.translationOf,
        emergency: v.emergency,
        receivedAt,
        deadlineClass: v.deadlineCode,
        dueAt: await dueDate(v.deadlineCode, receivedAt, deps.sequelize, transaction),
        publication: 'unpublished',
        reviewState: 'draft',
        publishedAt: null,
        createdBy: ctx.actor.id,
        liveRevisionId: null,
        workingRevisionId: null,
        scheduledAt: null,
        publishedLate: null,
        submittedAt: null,
      },
      { transaction },
    );
    const rev = await ItemRevision.create(
      { itemId: item.id, tenantId: site.id, number: 1, ...revisionFields(v), createdBy: ctx.actor.id },
      { transaction },
    );
    await item.update({ workingRevisionId: rev.id }, { transaction });
    await transition(ctx, item, 'create', 'new', stateOf(item), null, transaction);
    return item;
  });
}

const revisionFields = (v: Awaited<ReturnType<typeof validate>>) => ({
  title: v.title,
  summary: v.summary || null,
  body: v.body || null,
  author: v.author,
  source: v.source || null,
  originalPublishedAt: v.originalPublishedAt || null,
  data: v.data,
  categoryIds: v.categoryIds,
  coverMediaId: v.coverMediaId,
  attachmentIds: v.attachmentIds,
});

/** Saves a new revision. A published item keeps its live version until the new one is approved. */
export async function saveItem(deps: ContentDeps, ctx: ActionContext, site: Site, itemId: number, raw: ItemInput) {
  if (!can(ctx.actor, 'content.write', { tenantId: site.id })) throw forbidden();
  return deps.sequelize.transaction(async (transaction) => {
    const item = await loadItem(site.id, itemId, transaction, true);
    if (item.reviewState === 'submitted' || item.reviewState === 'scheduled') {
      throw new ValidationError({ _: 'Tin đang chờ duyệt hoặc đã hẹn giờ đăng: hãy rút lại trước khi sửa.' });
    }
    const kind = kindOf(item.kind)!;
    const v = await validate(site, kind, { ...raw, locale: item.locale }, transaction);
    const last = (await ItemRevision.max('number', { where: { itemId: item.id }, transaction })) as number;
    const rev = await ItemRevision.create(
      { itemId: item.id, tenantId: site.id, number: last + 1, ...revisionFields(v), createdBy: ctx.actor.id },
      { transaction },
    );
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
              dueAt: await dueDate(v.deadlineCode, receivedAt, deps.sequelize, transaction),
            }
          : {}),
        translationOf: v.translationOf,
      },
      { transaction },
    );
    await transition(ctx, item, 'save', from, stateOf(item), null, transaction);
    return item;
  });
}

type Step = 'submit' | 'withdraw' | 'return' | 'approve' | 'unpublish' | 'archive' | 'republish';

const ALLOWED: Record<
  Step,
  { from: ReviewState[] | 'any'; needs: 'content.submit' | 'content.moderate' | 'content.publish' }
> = {
  submit: { from: ['draft', 'returned'], needs: 'content.submit' },
  withdraw: { from: ['submitted', 'scheduled'], needs: 'content.submit' },
  return: { from: ['submitted', 'scheduled'], needs: 'content.moderate' },
  approve: { from: ['submitted'], needs: 'content.publish' },
  unpublish: { from: 'any', needs: 'content.publish' },
  archive: { from: 'any', needs: 'content.publish' },
  republish: { from: 'any', needs: 'content.publish' },
};

/** Did this actor write the item, or the version now under review? */
export const isAuthor = (
  actor: Actor,
  item: Pick<Item, 'createdBy'>,
  working: Pick<ItemRevision, 'createdBy'> | null,
) => item.createdBy === actor.id || working?.createdBy === actor.id;

/** May this actor approve this item? Not their own work, unless the site allows it or they sit on the Board. */
async function mayApproveOwn(actor: Actor, item: Item, site: Site, transaction: Transaction) {
  const rev = item.workingRevisionId ? await ItemRevision.findByPk(item.workingRevisionId, { transaction }) : null;
  if (!isAuthor(actor, item, rev) || actor.platformRoles.has('board')) return true;
  const t = await Tenant.findByPk(site.id, { attributes: ['selfApproval'], transaction });
  return !!t?.selfApproval;
}

/** Steps that change what the public sees (the others only move an item through review). */
const PUBLIC_STEPS = new Set<Step>(['approve', 'unpublish', 'archive', 'republish']);

export async function stepItem(
  deps: ContentDeps,
  ctx: ActionContext,
  site: Site,
  itemId: number,
  step: Step,
  opts: { comment?: string; publishAt?: Date | null } = {},
) {
  const rule = ALLOWED[step];
  if (!rule) throw new ValidationError({ _: 'Thao tác không hợp lệ' });
  if (!can(ctx.actor, rule.needs, { tenantId: site.id })) throw forbidden();
  const comment = opts.comment ? nfc(opts.comment).slice(0, 2000) : '';
  if (step === 'return' && comment.length < 3)
    throw new ValidationError({ comment: 'Ghi ý kiến khi trả lại tin (ít nhất 3 ký tự)' });
  await deps.sequelize.transaction(async (transaction) => {
    const item = await loadItem(site.id, itemId, transaction, true);
    if (rule.from !== 'any' && !rule.from.includes(item.reviewState)) {
      throw new ValidationError({
        _: `Không thể thực hiện khi tin đang ở trạng thái "${STATE_LABELS[item.reviewState]}".`,
      });
    }
    const from = stateOf(item);
    switch (step) {
      case 'submit':
        await item.update({ reviewState: 'submitted', submittedAt: new Date() }, { transaction });
        break;
      case 'withdraw': {
        // The author takes their own item back; anyone else who reviews it returns it, with a reason.
        const rev = item.workingRevisionId
          ? await ItemRevision.findByPk(item.workingRevisionId, { transaction })
          : null;
        if (!isAuthor(ctx.actor, item, rev))
          throw new AppError(
            'FORBIDDEN',
            403,
            'Chỉ người viết tin được rút lại; người duyệt dùng "Trả lại" kèm ý kiến.',
          );
        await item.update({ reviewState: 'draft', scheduledAt: null }, { transaction });
        break;
      }
      case 'return':
        await item.update({ reviewState: 'returned', scheduledAt: null }, { transaction });
        break;
      case 'approve': {
        if (!(await mayApproveOwn(ctx.actor, item, site, transaction))) {
          throw new AppError('FORBIDDEN', 403, 'Không tự duyệt tin do chính mình viết; tin cần người duyệt khác.');
        }
        const at = opts.publishAt ?? null;
        if (at && at.getTime() > Date.now() + 30_000) {
          await item.update({ reviewState: 'scheduled', scheduledAt: at }, { transaction });
        } else {
          await publishWorking(item, transaction);
        }
        break;
      }
      case 'unpublish':
        if (item.publication !== 'published') throw new ValidationError({ _: 'Tin chưa được đăng.' });
        await item.update({ publication: 'unpublished' }, { transaction });
        break;
      case 'archive':
        if (!item.liveRevisionId)
          throw new ValidationError({ _: 'Tin chưa từng được đăng; hãy xóa bản nháp thay vì lưu trữ.' });
        await item.update({ publication: 'archived' }, { transaction });
        break;
      case 'republish':
        if (!item.liveRevisionId || item.publication === 'published')
          throw new ValidationError({ _: 'Không có bản đã duyệt để đăng lại.' });
        await item.update({ publication: 'published' }, { transaction });
        break;
    }
    await transition(
      ctx,
      item,
      step === 'approve' && item.reviewState === 'scheduled' ? 'schedule' : step,
      from,
      stateOf(item),
      comment || (opts.publishAt ? `hẹn đăng ${opts.publishAt.toISOString()}` : null),
      transaction,
    );
  });
  await deps.cache.bumpTenantVersion(site.id);
  // The portal home lists every site's latest items: a change of what is public reaches it.
  if (PUBLIC_STEPS.has(step)) await deps.cache.bumpTenantVersion(SUBSITE_FEED);
  // Sites that show this item through syndication show the change too.
  for (const target of await receivingSites(itemId)) await deps.cache.bumpTenantVersion(target);
}

/** Makes the working revision the live one. Lateness is judged at the first publication. */
async function publishWorking(item: Item, transaction: Transaction, now = new Date()) {
  const rev = await ItemRevision.findByPk(item.workingRevisionId!, { transaction });
  if (!rev) throw new AppError('CONFLICT', 409, 'Không có bản để đăng');
  const first = !item.publishedAt;
  await item.update(
    {
      title: rev.title,
      summary: rev.summary,
      body: rev.body,
      author: rev.author,
      source: rev.source,
      originalPublishedAt: rev.originalPublishedAt,
      data: rev.data,
      categoryIds: rev.categoryIds,
      coverMediaId: rev.coverMediaId,
      attachmentIds: rev.attachmentIds,
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

const SCHEDULER_LOCK = 7_130_421_002;

/**
 * Publishes every scheduled item whose time has come. Safe to run on every instance at once: an
 * advisory lock lets one run at a time, and rows are locked and re-checked, so each item is
 * published exactly once. Returns the number published.
 */
export async function publishDueItems(deps: ContentDeps, now = new Date()): Promise<number> {
  const touched = new Set<number>();
  const n = await deps.sequelize.transaction(async (transaction) => {
    const [lock] = await deps.sequelize.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(:key) AS ok', {
      replacements: { key: SCHEDULER_LOCK },
      type: QueryTypes.SELECT,
      transaction,
    });
    if (!lock?.ok) return 0;
    const due = await Item.findAll({
      where: { reviewState: 'scheduled', scheduledAt: { [Op.lte]: now } },
      lock: transaction.LOCK.UPDATE,
      skipLocked: true,
      transaction,
      limit: 500,
    });
    for (const item of due) {
      const from = stateOf(item);
      await publishWorking(item, transaction, now);
      await transition(null, item, 'publish.scheduled', from, stateOf(item), null, transaction);
      touched.add(item.tenantId);
    }
    return due.length;
  });
  for (const siteId of touched) await deps.cache.bumpTenantVersion(siteId);
  if (touched.size) await deps.cache.bumpTenantVersion(SUBSITE_FEED);
  return n;
}

/** Starts a new working revision from an old one (review: draft). */
export async function restoreRevision(
  deps: ContentDeps,
  ctx: ActionContext,
  site: Site,
  itemId: number,
  revisionId: number,
) {
  if (!can(ctx.actor, 'content.write', { tenantId: site.id })) throw forbidden();
  await deps.sequelize.transaction(async (transaction) => {
    const item = await loadItem(site.id, itemId, transaction, true);
    if (item.reviewState === 'submitted' || item.reviewState === 'scheduled')
      throw new ValidationError({ _: 'Tin đang chờ duyệt: hãy rút lại trước.' });
    const old = await ItemRevision.findOne({ where: { id: revisionId, itemId: item.id }, transaction });
    if (!old) throw notFound('Không tìm thấy phiên bản');
    const last = (await ItemRevision.max('number', { where: { itemId: item.id }, transaction })) as number;
    const rev = await ItemRevision.create(
      {
        itemId: item.id,
        tenantId: site.id,
        number: last + 1,
        createdBy: ctx.actor.id,
        title: old.title,
        summary: old.summary,
        body: old.body,
        author: old.author,
        source: old.source,
        originalPublishedAt: old.originalPublishedAt,
        data: old.data,
        categoryIds: old.categoryIds,
        coverMediaId: old.coverMediaId,
        attachmentIds: old.attachmentIds,
      },
      { transaction },
    );
    const from = stateOf(item);
    await item.update(
      { workingRevisionId: rev.id, reviewState: item.reviewState === 'none' ? 'draft' : item.reviewState },
      { transaction },
    );
    await transition(ctx, item, 'restore', from, stateOf(item), `khôi phục phiên bản ${old.number}`, transaction);
  });
}

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
  return Item.findAll({
    where: { reviewState: 'submitted', ...(board ? {} : { tenantId: { [Op.in]: sites } }) },
    order: [
      ['emergency', 'DESC'],
      [nullsLast('due_at'), 'ASC'],
      ['submittedAt', 'ASC'],
    ],
    limit,
  });
}
