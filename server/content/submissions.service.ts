// Information handed in by agencies (Art 6.2), and coverage assignments (Art 11.6).
// A submission records when the event ended or the document was signed; its provider deadline
// is 24 hours after an event, 3 working days after a signing. Turning it into an item carries its
// reception time over, so the item's publishing deadline counts from when the portal received it.
import { Op, type Sequelize } from 'sequelize';
import { z } from 'zod';
import type { Site } from '../../tenants/tenant.types';
import { recordAudit, type ActionContext } from '../audit/audit.service';
import { activeGrantWhere } from '../auth/access';
import { can } from '../auth/can.policy';
import { Grant } from '../auth/grant.model';
import { endOfVnDay, loadCalendar, vnDay } from '../calendar/working-calendar';
import { Media } from '../media/media.model';
import { createItem, type ContentDeps } from './content.service';
import { Item } from './item.model';
import { ValidationError, forbidden, notFound, parseOrThrow } from '../core/errors';
import { Submission, Assignment } from './submission.model';

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
export async function providerDeadline(sequelize: Sequelize, kind: Submission['kind'], occurredAt: Date) {
  if (kind === 'event_news') return new Date(occurredAt.getTime() + 24 * 3600_000);
  const cal = await loadCalendar(sequelize);
  return endOfVnDay(cal.addWorkingDays(vnDay(occurredAt), 3));
}

/** An agency's contact (anyone who may write for the site) hands information in. */
export async function submitInformation(
  deps: ContentDeps,
  ctx: ActionContext,
  site: Site,
  raw: Record<string, unknown>,
) {
  if (!can(ctx.actor, 'content.submit', { tenantId: site.id })) throw forbidden();
  const v = parseOrThrow(submissionSchema, raw);
  if (v.mediaId && !(await Media.count({ where: { id: v.mediaId, tenantId: site.id } })))
    throw new ValidationError({ mediaId: 'Tệp phải thuộc thư viện của trang này' });
  const occurredAt = new Date(v.occurredAt);
  const due = await providerDeadline(deps.sequelize, v.kind, occurredAt);
  const now = new Date();
  return deps.sequelize.transaction(async (transaction) => {
    const s = await Submission.create(
      {
        tenantId: site.id,
        submittedBy: ctx.actor.id,
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
    await recordAudit(
      ctx,
      {
        action: 'submission.create',
        tenantId: site.id,
        targetType: 'submission',
        targetId: s.id,
        summary: { provider: v.provider, kind: v.kind, title: v.title, providerLate: s.providerLate },
      },
      transaction,
    );
    return s;
  });
}

/** The Board (or the site's approver) turns a submission into a draft item, received when the submission was. */
export async function convertSubmission(
  deps: ContentDeps,
  ctx: ActionContext,
  site: Site,
  submissionId: number,
  kindCode: string,
) {
  if (!can(ctx.actor, 'content.moderate', { tenantId: site.id })) throw forbidden();
  const sub = await Submission.findOne({ where: { id: submissionId, tenantId: site.id } });
  if (!sub) throw notFound('Không tìm thấy hồ sơ');
  if (sub.status !== 'received') throw new ValidationError({ _: 'Hồ sơ này đã được xử lý.' });
  const item = await createItem(deps, ctx, site, kindCode, {
    title: sub.title,
    summary: sub.note ?? '',
    author: sub.provider,
    source: sub.provider,
    receivedAt: sub.receivedAt.toISOString(),
    attachmentIds: sub.mediaId ? [String(sub.mediaId)] : [],
    data: {},
  }).catch((err: unknown) => {
    // The kind may need fields the submission does not have: the draft is made with what there is.
    if (err instanceof ValidationError)
      throw new ValidationError({ _: `Chưa tạo được tin loại này từ hồ sơ: ${Object.values(err.fields).join('; ')}` });
    throw err;
  });
  await deps.sequelize.transaction(async (transaction) => {
    await sub.update(
      { status: 'converted', itemId: item.id, handledBy: ctx.actor.id, handledAt: new Date() },
      { transaction },
    );
    await recordAudit(
      ctx,
      {
        action: 'submission.convert',
        tenantId: site.id,
        targetType: 'submission',
        targetId: sub.id,
        summary: { itemId: item.id },
      },
      transaction,
    );
  });
  return item;
}

export async function listSubmissions(ctx: ActionContext, site: Site) {
  if (!can(ctx.actor, 'content.read', { tenantId: site.id })) throw forbidden();
  return Submission.findAll({ where: { tenantId: site.id }, order: [['receivedAt', 'DESC']], limit: 200 });
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
export async function assignCoverage(
  sequelize: Sequelize,
  ctx: ActionContext,
  site: Site,
  raw: Record<string, unknown>,
) {
  if (!can(ctx.actor, 'content.moderate', { tenantId: site.id })) throw forbidden();
  const v = parseOrThrow(assignmentSchema, raw);
  const writer = await Grant.findOne({
    where: {
      personId: v.assigneeId,
      tenantId: site.id,
      role: { [Op.in]: ['editor', 'contributor', 'approver', 'site_admin'] },
      ...activeGrantWhere(),
    },
  });
  if (!writer)
    throw new ValidationError({
      assigneeId: 'Người được phân công phải là biên tập viên hoặc cộng tác viên của trang này',
    });
  return sequelize.transaction(async (transaction) => {
    const a = await Assignment.create(
      {
        tenantId: site.id,
        event: v.event,
        place: v.place || null,
        startsAt: new Date(v.startsAt),
        assigneeId: v.assigneeId,
        assignedBy: ctx.actor.id,
        itemId: null,
        note: v.note || null,
      },
      { transaction },
    );
    await recordAudit(
      ctx,
      {
        action: 'assignment.create',
        tenantId: site.id,
        targetType: 'assignment',
        targetId: a.id,
        summary: { event: v.event, assigneeId: v.assigneeId },
      },
      transaction,
    );
    return a;
  });
}

/** Links the item that covered an assignment (by its assignee or a moderator). */
export async function linkAssignmentItem(
  sequelize: Sequelize,
  ctx: ActionContext,
  site: Site,
  assignmentId: number,
  itemId: number,
) {
  const a = await Assignment.findOne({ where: { id: assignmentId, tenantId: site.id } });
  if (!a) throw notFound('Không tìm thấy phân công');
  if (a.assigneeId !== ctx.actor.id && !can(ctx.actor, 'content.moderate', { tenantId: site.id })) throw forbidden();
  if (!(await Item.count({ where: { id: itemId, tenantId: site.id } })))
    throw new ValidationError({ itemId: 'Tin bài không thuộc trang này' });
  await sequelize.transaction(async (transaction) => {
    await a.update({ itemId }, { transaction });
    await recordAudit(
      ctx,
      { action: 'assignment.link', tenantId: site.id, targetType: 'assignment', targetId: a.id, summary: { itemId } },
      transaction,
    );
  });
}
