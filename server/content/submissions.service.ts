// Information handed in by agencies (Art 6.2), and coverage assignments (Art 11.6).
// A submission records when the event ended or the document was signed; its provider deadline
// is 24 hours after an event, 3 working days after a signing. Turning it into an item carries its
// reception time over, so the item's publishing deadline counts from when the portal received it.
// Changes are actions (server/actions/); reads go through the site's own tables (siteData).
import { Op, type Sequelize, type Transaction } from 'sequelize';
import { z } from 'zod';
import type { Site } from '../../tenants/tenant.types';
import type { ActionContext } from '../audit/audit.service';
import { defineAction, type ActorCtx } from '../actions/action';
import { runAction, runUncachedAction } from '../actions/run-action';
import { can } from '../auth/can.policy';
import { endOfVnDay, loadCalendar, vnDay } from '../calendar/working-calendar';
import { siteData } from '../db/site-data';
import type { ContentDeps } from './content.service';
import { createItemAction } from './item-actions';
import type { ItemInput } from './item-input';
import { ValidationError, forbidden, notFound, parseOrThrow } from '../core/errors';
import type { Submission } from './submission.model';
import { namesOf, siteWriterIds, writesFor } from './site-staff';

// A missing optional field counts as empty, not as a type error.
const nfc = (max: number, label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .transform((s) => s.normalize('NFC').trim())
      .pipe(z.string().max(max, `${label}: tối đa ${max} ký tự`)),
  );
const instant = (label: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => !Number.isNaN(Date.parse(v)) && Date.parse(v) <= Date.now() + 60_000,
      `${label}: thời điểm không hợp lệ hoặc ở tương lai`,
    );

const submissionSchema = z.object({
  provider: nfc(200, 'Cơ quan cung cấp').pipe(z.string().min(1, 'Cơ quan cung cấp: bắt buộc')),
  kind: z.enum(['signed_document', 'event_news'], { message: 'Loại thông tin không hợp lệ' }),
  title: nfc(300, 'Tiêu đề').pipe(z.string().min(1, 'Tiêu đề: bắt buộc')),
  note: nfc(5000, 'Ghi chú'),
  occurredAt: instant('Thời điểm ký hoặc sự kiện kết thúc'),
  mediaId: z.preprocess((v) => (v === '' || v == null ? null : Number(v)), z.number().int().positive().nullable()),
});

/** The provider's deadline: 24 hours after an event ends, or 3 working days after a signing. */
export async function providerDeadline(
  sequelize: Sequelize,
  kind: Submission['kind'],
  occurredAt: Date,
  transaction?: Transaction,
) {
  if (kind === 'event_news') return new Date(occurredAt.getTime() + 24 * 3600_000);
  const cal = await loadCalendar(sequelize, transaction);
  return endOfVnDay(cal.addWorkingDays(vnDay(occurredAt), 3));
}

const mayOnSite = (who: ActorCtx, power: 'content.submit' | 'content.moderate' | 'content.read', site: Site) =>
  can(who.actor, power, { tenantId: site.id }) ? null : forbidden();

/** An agency's contact (anyone who may write for the site) hands information in. */
export const submitInformationAction = defineAction({
  name: 'submission.create',
  // `db` reads the working calendar for the provider's deadline, in the runner's transaction.
  check: (who, input: { db: Sequelize; site: Site; raw: Record<string, unknown> }) =>
    mayOnSite(who, 'content.submit', input.site),
  async execute(who, { db, site, raw }, transaction) {
    const v = parseOrThrow(submissionSchema, raw);
    const data = siteData(site);
    if (v.mediaId && !(await data.media.count({ where: { id: v.mediaId }, transaction })))
      throw new ValidationError({ mediaId: 'Tệp phải thuộc thư viện của trang này' });
    const occurredAt = new Date(v.occurredAt);
    const due = await providerDeadline(db, v.kind, occurredAt, transaction);
    const now = new Date();
    return data.submissions.create(
      {
        submittedBy: who.actor?.id ?? null,
        provider: v.provider,
        kind: v.kind,
        title: v.title,
        note: v.note || null,
        occurredAt,
        receivedAt: now,
        providerDueAt: due,
        providerLate: now.getTime() > due.getTime(),
        mediaId: v.mediaId,
        itemId: null,
        handledBy: null,
        handledAt: null,
      },
      { transaction },
    );
  },
  audit: (_who, { site }, s) => ({
    action: 'submission.create',
    tenantId: site.id,
    targetType: 'submission',
    targetId: s.id,
    summary: { provider: s.provider, kind: s.kind, title: s.title, providerLate: s.providerLate },
  }),
  // Submissions are the back office's: no page shows them.
  invalidates: () => ({}),
});

export const submitInformation = (deps: ContentDeps, ctx: ActionContext, site: Site, raw: Record<string, unknown>) =>
  runAction(deps, ctx, submitInformationAction, { db: deps.sequelize, site, raw });

interface ConvertInput {
  site: Site;
  submissionId: number;
  kindCode: string;
}

/** The draft's content: what the submission has (the kind's other fields are filled in later). */
const draftOf = (sub: Submission): ItemInput => ({
  title: sub.title,
  summary: sub.note ?? '',
  author: sub.provider,
  source: sub.provider,
  receivedAt: sub.receivedAt.toISOString(),
  attachmentIds: sub.mediaId ? [String(sub.mediaId)] : [],
  data: {},
});

/**
 * The Board (or the site's approver) turns a submission into a draft item, received when the
 * submission was: the item is created (createItemAction) and the submission marked, in one transaction.
 */
export const convertSubmissionAction = defineAction({
  name: 'submission.convert',
  async check(who, { site, submissionId, kindCode }: ConvertInput, transaction?: Transaction) {
    const refused = mayOnSite(who, 'content.moderate', site);
    if (refused) return refused;
    const sub = await siteData(site).submissions.findByPk(submissionId, { transaction, lock: !!transaction });
    if (!sub) return notFound('Không tìm thấy hồ sơ');
    if (sub.status !== 'received') return new ValidationError({ _: 'Hồ sơ này đã được xử lý.' });
    return createItemAction.check(who, { site, kindCode, raw: draftOf(sub) }, transaction);
  },
  async execute(who, { site, submissionId, kindCode }, transaction) {
    const sub = (await siteData(site).submissions.findByPk(submissionId, { transaction }))!;
    const draft = { site, kindCode, raw: draftOf(sub) };
    const created = await createItemAction.execute(who, draft, transaction).catch((err: unknown) => {
      // The kind may need fields the submission does not have: the draft is made with what there is.
      if (err instanceof ValidationError)
        throw new ValidationError({
          _: `Chưa tạo được tin loại này từ hồ sơ: ${Object.values(err.fields).join('; ')}`,
        });
      throw err;
    });
    await sub.update(
      { status: 'converted', itemId: created.item.id, handledBy: who.actor?.id ?? null, handledAt: new Date() },
      { transaction },
    );
    return { draft, created };
  },
  audit: (who, { site, submissionId }, { draft, created }) => [
    ...[createItemAction.audit(who, draft, created) ?? []].flat(),
    {
      action: 'submission.convert',
      tenantId: site.id,
      targetType: 'submission',
      targetId: submissionId,
      summary: { itemId: created.item.id },
    },
  ],
  invalidates: (_input, { draft, created }) => createItemAction.invalidates(draft, created),
});

export async function convertSubmission(
  deps: ContentDeps,
  ctx: ActionContext,
  site: Site,
  submissionId: number,
  kindCode: string,
) {
  return (await runAction(deps, ctx, convertSubmissionAction, { site, submissionId, kindCode })).created.item;
}

export async function listSubmissions(ctx: ActionContext, site: Site) {
  if (!can(ctx.actor, 'content.read', { tenantId: site.id })) throw forbidden();
  return siteData(site).submissions.findAll({ order: [['receivedAt', 'DESC']], limit: 200 });
}

/**
 * The assignments board: a site's assignments from the last 30 days on, who writes for the site
 * (to choose an assignee from), and the names of both.
 */
export async function assignmentBoard(ctx: ActionContext, site: Site, now = Date.now()) {
  if (!can(ctx.actor, 'content.read', { tenantId: site.id })) throw forbidden();
  const assignments = await siteData(site).assignments.findAll({
    where: { startsAt: { [Op.gte]: new Date(now - 30 * 86400_000) } },
    order: [['startsAt', 'ASC']],
    limit: 300,
  });
  const writerIds = await siteWriterIds(site.id);
  const names = await namesOf([...writerIds, ...assignments.map((a) => a.assigneeId)]);
  return { assignments, writerIds, names };
}

const assignmentSchema = z.object({
  event: nfc(300, 'Sự kiện').pipe(z.string().min(1, 'Sự kiện: bắt buộc')),
  place: nfc(300, 'Địa điểm'),
  startsAt: z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'Thời gian: không hợp lệ'),
  assigneeId: z.coerce.number().int().positive('Chọn biên tập viên'),
  note: nfc(2000, 'Ghi chú'),
});

/** The Board or the site's approver assigns someone who writes for the site to cover an event. */
export const assignCoverageAction = defineAction({
  name: 'assignment.create',
  check: (who, input: { site: Site; raw: Record<string, unknown> }) => mayOnSite(who, 'content.moderate', input.site),
  async execute(who, { site, raw }, transaction) {
    const v = parseOrThrow(assignmentSchema, raw);
    if (!(await writesFor(site.id, v.assigneeId, transaction)))
      throw new ValidationError({
        assigneeId: 'Người được phân công phải là biên tập viên hoặc cộng tác viên của trang này',
      });
    return siteData(site).assignments.create(
      {
        event: v.event,
        place: v.place || null,
        startsAt: new Date(v.startsAt),
        assigneeId: v.assigneeId,
        assignedBy: who.actor?.id ?? null,
        itemId: null,
        note: v.note || null,
      },
      { transaction },
    );
  },
  audit: (_who, { site }, a) => ({
    action: 'assignment.create',
    tenantId: site.id,
    targetType: 'assignment',
    targetId: a.id,
    summary: { event: a.event, assigneeId: a.assigneeId },
  }),
  invalidates: () => ({}),
});

// Assignments are the back office's own: no cached page shows them.
export const assignCoverage = (sequelize: Sequelize, ctx: ActionContext, site: Site, raw: Record<string, unknown>) =>
  runUncachedAction(sequelize, ctx, assignCoverageAction, { site, raw });

/** Links the item that covered an assignment (by its assignee or a moderator). */
export const linkAssignmentItemAction = defineAction({
  name: 'assignment.link',
  async check(who, { site, assignmentId, itemId }: { site: Site; assignmentId: number; itemId: number }, transaction) {
    const data = siteData(site);
    const a = await data.assignments.findByPk(assignmentId, { transaction });
    if (!a) return notFound('Không tìm thấy phân công');
    if (a.assigneeId !== who.actor?.id && !can(who.actor, 'content.moderate', { tenantId: site.id }))
      return forbidden();
    if (!(await data.items.count({ where: { id: itemId }, transaction })))
      return new ValidationError({ itemId: 'Tin bài không thuộc trang này' });
    return null;
  },
  async execute(_who, { site, assignmentId, itemId }, transaction) {
    await siteData(site).assignments.update({ itemId }, { where: { id: assignmentId }, transaction });
  },
  audit: (_who, { site, assignmentId, itemId }) => ({
    action: 'assignment.link',
    tenantId: site.id,
    targetType: 'assignment',
    targetId: assignmentId,
    summary: { itemId },
  }),
  invalidates: () => ({}),
});

export const linkAssignmentItem = (
  sequelize: Sequelize,
  ctx: ActionContext,
  site: Site,
  assignmentId: number,
  itemId: number,
) => runUncachedAction(sequelize, ctx, linkAssignmentItemAction, { site, assignmentId, itemId });
