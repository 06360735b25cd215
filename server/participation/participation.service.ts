// Citizens' participation: questions (Art 4.15), feedback on administrative regulations (Art 4.14a)
// and comments on open consultation drafts (Art 4.14b). A submission is received, then moderated:
// answered and published, or refused with a reason. The sender follows it by its tracking code.
// This module submits and moderates (moderation reads need `participation.moderate`); the rows are
// in participation.model.ts and what the sites show in participation-public.ts. Moderation steps are
// actions (server/actions/); a site's submissions are read through its own tables (siteData).
import crypto from 'node:crypto';
import { Op, type Sequelize, type Transaction } from 'sequelize';
import { z } from 'zod';
import type { Site } from '../../tenants/tenant.types';
import type { ActionContext } from '../audit/audit.service';
import { defineAction, type ActorCtx } from '../actions/action';
import { runAction } from '../actions/run-action';
import { can } from '../auth/can.policy';
import type { Cache } from '../cache/cache';
import { vnDay } from '../calendar/working-calendar';
import { crossSite } from '../db/cross-site';
import { siteData } from '../db/site-data';
import type { Item } from '../content/item.model';
import { sniff } from '../media/media.service';
import type { PrivateFiles } from '../media/private-files';
import { scanUpload } from '../media/virus-scan';
import { stripInvisible } from '../text/invisible';
import { AppError, ValidationError, fieldErrors, forbidden, notFound, parseOrThrow } from '../core/errors';
import type { Participation, ParticipationKind, ParticipationStatus } from './participation.model';

export interface ParticipationDeps {
  sequelize: Sequelize;
  cache: Cache;
  files: PrivateFiles;
}

export const KIND_LABELS: Record<ParticipationKind, string> = {
  question: 'Câu hỏi',
  feedback: 'Phản ánh, kiến nghị',
  comment: 'Góp ý dự thảo',
};
export const STATUS_LABELS: Record<ParticipationStatus, string> = {
  received: 'Đã tiếp nhận, đang xử lý',
  published: 'Đã trả lời và công khai',
  rejected: 'Không được tiếp nhận để công khai',
};

const ANSWERED_LABEL = 'Đã trả lời (chưa công khai trên trang)';

/** The status as people read it: an answer saved without publishing is already the sender's to read. */
export function statusLabelOf(p: { status: string; answer?: string | null; answeredAt?: Date | null }): string {
  if (p.status === 'received' && (p.answer || p.answeredAt)) return ANSWERED_LABEL;
  return STATUS_LABELS[p.status as ParticipationStatus] ?? p.status;
}

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
const ATTACHMENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
};

// Without 0/O, 1/I/L: a code read out over the phone is not mistaken.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}
export const TRACKING_CODE = /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/;

const text = (max: number, label: string, min = 0, clean = (s: string) => s) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .transform((s) => clean(s.normalize('NFC')).trim())
      .pipe(
        z
          .string()
          .min(min, min <= 1 ? `${label}: bắt buộc` : `${label}: ít nhất ${min} ký tự`)
          .max(max, `${label}: tối đa ${max} ký tự`),
      ),
  );
/** A name, an address or a subject: one line, without bidirectional or zero-width characters. */
const line = (max: number, label: string, min = 0) => text(max, label, min, stripInvisible);

const senderSchema = z
  .object({
    senderName: line(120, 'Họ và tên', 1),
    senderEmail: text(200, 'E-mail').refine(
      (v) => v === '' || z.string().email().safeParse(v).success,
      'E-mail: địa chỉ không hợp lệ',
    ),
    senderPhone: text(20, 'Điện thoại').refine(
      (v) => v === '' || /^\+?[0-9 ().-]{8,20}$/.test(v),
      'Điện thoại: chỉ gồm chữ số (8–20 ký tự)',
    ),
    senderAddress: line(300, 'Địa chỉ'),
    subject: line(300, 'Tiêu đề', 1),
    content: text(5000, 'Nội dung', 10),
  })
  .refine((v) => v.senderEmail !== '' || v.senderPhone !== '', {
    message: 'Cần ít nhất một cách liên hệ: e-mail hoặc điện thoại',
    path: ['senderEmail'],
  });

/** What is wrong with the sender's fields (empty when nothing), so a form can show every error at once. */
export function senderErrors(raw: Record<string, unknown>): Record<string, string> {
  const r = senderSchema.safeParse(raw);
  return r.success ? {} : fieldErrors(r.error);
}

export interface Upload {
  buffer: Buffer;
  originalname: string;
}

/** Whether comments on a consultation are open on the given Vietnam day. */
export function consultationOpen(data: Record<string, unknown> | undefined, now = new Date()) {
  const today = vnDay(now);
  const opens = String(data?.opensOn ?? '');
  const closes = String(data?.closesOn ?? '');
  return opens !== '' && closes !== '' && opens <= today && today <= closes;
}

/** A site that no longer receives submissions (suspended or closed), or null. */
const inactive = (target: Site) =>
  target.status === 'active' ? null : new ValidationError({ target: 'Trang nhận không còn hoạt động' });

/**
 * Receives a citizen's submission for a site. `target` is where it goes: the site itself, or,
 * from the portal's form, any active site the citizen chose. The attachment is checked by content.
 */
export async function submitParticipation(
  deps: ParticipationDeps,
  who: { ip: string | null },
  target: Site,
  kind: ParticipationKind,
  raw: Record<string, unknown>,
  upload: Upload | null,
  consultation?: Item,
): Promise<Participation> {
  // Refused before anything is read or kept; the runner asks again when it records the submission.
  const closed = inactive(target);
  if (closed) throw closed;
  const v = parseOrThrow(senderSchema, raw);
  if (kind === 'comment') {
    if (!consultation || consultation.kind !== 'consultation' || consultation.tenantId !== target.id)
      throw notFound('Không tìm thấy dự thảo');
    if (!consultationOpen(consultation.data))
      throw new AppError(
        'CONSULTATION_CLOSED',
        409,
        `Dự thảo này đã hết hạn góp ý (hạn cuối ${String(consultation.data.closesOn ?? '')
          .split('-')
          .reverse()
          .join('/')}).`,
      );
  }
  let attachment: { key: string; name: string; mime: string } | null = null;
  if (upload && upload.buffer.length > 0) {
    if (upload.buffer.length > ATTACHMENT_MAX_BYTES)
      throw new ValidationError({ attachment: 'Tệp đính kèm: tối đa 5 MB' });
    const type = await sniff(upload.buffer, upload.originalname);
    const ext = type ? ATTACHMENT_TYPES[type.mime] : undefined;
    if (!type || !ext)
      throw new ValidationError({
        attachment: 'Tệp đính kèm: chỉ nhận PDF, ảnh JPEG/PNG, DOCX hoặc ODT (kiểm tra theo nội dung tệp).',
      });
    // After the content check, before the file is kept; a scan without an answer refuses too.
    const verdict = await scanUpload(upload.buffer, { upload: 'participation', siteId: target.id, mime: type.mime });
    if (verdict === 'infected')
      throw new ValidationError({ attachment: 'Tệp đính kèm: có mã độc (virus) nên không được nhận.' });
    if (verdict === 'failed')
      throw new ValidationError({ attachment: 'Tệp đính kèm: chưa kiểm tra được virus, vui lòng thử lại.' });
    const name = upload.originalname.normalize('NFC').split(/[\\/]/).pop()!.slice(0, 200) || `tep.${ext}`;
    attachment = { key: await deps.files.save('participation', upload.buffer, ext), name, mime: type.mime };
  }
  try {
    return await runAction(deps, { actor: null, ip: who.ip, email: 'công dân' }, receiveParticipationAction, {
      target,
      kind,
      v,
      itemId: kind === 'comment' ? consultation!.id : null,
      attachment,
    });
  } catch (err) {
    // Nothing half-written: the stored file goes if the row did not make it.
    if (attachment) await deps.files.remove(attachment.key);
    throw err;
  }
}

interface Received {
  target: Site;
  kind: ParticipationKind;
  v: z.output<typeof senderSchema>;
  itemId: number | null;
  attachment: { key: string; name: string; mime: string } | null;
}

/** Records a submission, checked and its attachment stored by submitParticipation; anyone may send one. */
export const receiveParticipationAction = defineAction({
  name: 'participation.create',
  check: (_who, { target }: Received) => inactive(target),
  execute: (_who, { target, kind, v, itemId, attachment }, transaction) =>
    siteData(target).participations.create(
      {
        kind,
        itemId,
        trackingCode: newTrackingCode(),
        senderName: v.senderName,
        senderEmail: v.senderEmail || null,
        senderPhone: v.senderPhone || null,
        senderAddress: v.senderAddress || null,
        subject: v.subject,
        content: v.content,
        attachmentKey: attachment?.key ?? null,
        attachmentName: attachment?.name ?? null,
        attachmentMime: attachment?.mime ?? null,
        routedFrom: null,
        answer: null,
        answeredBy: null,
        answeredAt: null,
        rejectReason: null,
        handledBy: null,
        handledAt: null,
      },
      { transaction },
    ),
  // The audit keeps what happened, never the sender's contact details.
  audit: (_who, { target, kind, v, attachment }, p) => ({
    action: `participation.${kind}.create`,
    tenantId: target.id,
    targetType: 'participation',
    targetId: p.id,
    summary: { subject: v.subject, itemId: p.itemId, attachment: !!attachment },
  }),
  // Received, not yet shown: nothing on the site changes.
  invalidates: () => ({}),
});

/** Who may read a site's queue: its moderators, and the portal's routers for the portal's queue. */
export function mayHandle(ctx: ActorCtx, site: Site, portalId: number | undefined) {
  return (
    can(ctx.actor, 'participation.moderate', { tenantId: site.id }) ||
    (site.id === portalId && can(ctx.actor, 'participation.route'))
  );
}

/** What the queue can be narrowed to: a status, or received ones with or without an answer yet. */
const QUEUE = {
  unanswered: { label: 'Chờ trả lời', where: { status: 'received', answeredAt: null } },
  answered: { label: ANSWERED_LABEL, where: { status: 'received', answeredAt: { [Op.ne]: null } } },
  received: { label: 'Đã tiếp nhận (tất cả chưa công khai)', where: { status: 'received' } },
  published: { label: STATUS_LABELS.published, where: { status: 'published' } },
  rejected: { label: STATUS_LABELS.rejected, where: { status: 'rejected' } },
};
export type QueueFilter = keyof typeof QUEUE;
export const QUEUE_FILTERS = Object.fromEntries(Object.entries(QUEUE).map(([k, f]) => [k, f.label])) as Record<
  QueueFilter,
  string
>;

export async function listQueue(
  ctx: ActionContext,
  site: Site,
  portalId: number | undefined,
  filter: { kind?: ParticipationKind; status?: QueueFilter; page: number },
) {
  if (!mayHandle(ctx, site, portalId)) throw forbidden();
  const perPage = 30;
  const { rows, count } = await siteData(site).participations.findAndCountAll({
    where: {
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.status ? QUEUE[filter.status].where : {}),
    },
    attributes: { exclude: ['content', 'answer'] },
    order: [['createdAt', 'DESC']],
    limit: perPage,
    offset: (filter.page - 1) * perPage,
  });
  return { rows, total: count, pages: Math.max(1, Math.ceil(count / perPage)) };
}

export async function getForHandling(ctx: ActionContext, site: Site, portalId: number | undefined, id: number) {
  if (!mayHandle(ctx, site, portalId)) throw forbidden();
  const p = await siteData(site).participations.findByPk(id);
  if (!p) throw notFound('Không tìm thấy ý kiến');
  return p;
}

/** The consultation a comment is about, as its moderators see it named (null when it is gone). */
export async function commentedItem(site: Site, p: Pick<Participation, 'itemId'>) {
  if (!p.itemId) return null;
  const item = await siteData(site).items.findByPk(p.itemId, { attributes: ['id', 'title'] });
  return item && { id: item.id, title: item.title };
}

interface ModerationInput {
  site: Site;
  id: number;
}

/** The submission a moderator of its site works on, or why they may not (403, 404). */
async function moderated(who: ActorCtx, { site, id }: ModerationInput, transaction?: Transaction) {
  if (!can(who.actor, 'participation.moderate', { tenantId: site.id })) return { refusal: forbidden() };
  const p = await siteData(site).participations.findByPk(id, { transaction, lock: !!transaction });
  return p ? { p } : { refusal: notFound('Không tìm thấy ý kiến') };
}
/** Its row, inside execute: check() found it under the same transaction and lock. */
const rowOf = async ({ site, id }: ModerationInput, transaction: Transaction) =>
  (await siteData(site).participations.findByPk(id, { transaction }))!;
const handled = (who: ActorCtx) => ({ handledBy: who.actor?.id ?? null, handledAt: new Date() });

const answerSchema = z.object({
  answer: text(20_000, 'Trả lời'),
  publish: z.preprocess((v) => v === 'on' || v === '1' || v === true, z.boolean()),
  // The text to show on the site; absent leaves it as it is.
  publicSubject: line(300, 'Tiêu đề công khai', 1).optional(),
  publicContent: text(5000, 'Nội dung công khai', 1).optional(),
});

/**
 * Records the answer; with `publish`, shows the submission and its answer on the site (a question
 * or feedback needs an answer to be published, a comment does not). An answer may be corrected.
 */
export const answerParticipationAction = defineAction({
  name: 'participation.answer',
  async check(who, input: ModerationInput & { v: z.output<typeof answerSchema> }, transaction?: Transaction) {
    const { p, refusal } = await moderated(who, input, transaction);
    if (refusal) return refusal;
    return p!.status === 'rejected' ? new ValidationError({ _: 'Ý kiến đã bị từ chối; không thể trả lời.' }) : null;
  },
  async execute(who, input, transaction) {
    const { v } = input;
    const p = await rowOf(input, transaction);
    if (p.kind !== 'comment' && v.publish && !v.answer)
      throw new ValidationError({ answer: 'Trả lời: bắt buộc trước khi công khai' });
    if (!v.answer && !v.publish) throw new ValidationError({ answer: 'Trả lời: bắt buộc' });
    // The site's text, when the moderator changed the sender's (null again when it is as sent).
    const publicText = {
      ...(v.publicSubject === undefined
        ? {}
        : { publicSubject: v.publicSubject === p.subject ? null : v.publicSubject }),
      ...(v.publicContent === undefined
        ? {}
        : { publicContent: v.publicContent === p.content ? null : v.publicContent }),
    };
    const edited = Object.entries(publicText)
      .filter(([, t]) => t !== null)
      .map(([field]) => field);
    const by = handled(who);
    await p.update(
      {
        ...publicText,
        ...(v.answer ? { answer: v.answer, answeredBy: by.handledBy, answeredAt: p.answeredAt ?? by.handledAt } : {}),
        ...(v.publish ? { status: 'published' as const } : {}),
        ...by,
      },
      { transaction },
    );
    return { p, edited };
  },
  audit: (_who, { site, v }, { p, edited }) => ({
    action: v.publish ? 'participation.publish' : 'participation.answer',
    tenantId: site.id,
    targetType: 'participation',
    targetId: p.id,
    summary: { kind: p.kind, subject: p.subject, ...(edited.length ? { editedForPublic: edited } : {}) },
  }),
  // A published one is on the site's pages: a corrected answer, or one just published, renews them.
  invalidates: ({ site }, { p }) => (p.status === 'published' ? { sites: [site.id] } : {}),
});

export async function answerParticipation(
  deps: ParticipationDeps,
  ctx: ActionContext,
  site: Site,
  id: number,
  raw: Record<string, unknown>,
) {
  const v = parseOrThrow(answerSchema, raw);
  return (await runAction(deps, ctx, answerParticipationAction, { site, id, v })).p;
}

/** Withdraws a published submission from the site (it stays answered and visible to its sender). */
export const unpublishParticipationAction = defineAction({
  name: 'participation.unpublish',
  async check(who, input: ModerationInput, transaction?: Transaction) {
    const { p, refusal } = await moderated(who, input, transaction);
    if (refusal) return refusal;
    return p!.status === 'published' ? null : new ValidationError({ _: 'Ý kiến chưa được công khai.' });
  },
  async execute(who, input, transaction) {
    await (await rowOf(input, transaction)).update({ status: 'received', ...handled(who) }, { transaction });
  },
  audit: (_who, { site, id }) => ({
    action: 'participation.unpublish',
    tenantId: site.id,
    targetType: 'participation',
    targetId: id,
  }),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

export const unpublishParticipation = (deps: ParticipationDeps, ctx: ActionContext, site: Site, id: number) =>
  runAction(deps, ctx, unpublishParticipationAction, { site, id });

/** Refuses a submission waiting to be handled, with a reason its sender reads by the tracking code. */
export const rejectParticipationAction = defineAction({
  name: 'participation.reject',
  async check(who, input: ModerationInput & { reason: string }, transaction?: Transaction) {
    const { p, refusal } = await moderated(who, input, transaction);
    if (refusal) return refusal;
    return p!.status === 'received' ? null : new ValidationError({ _: 'Chỉ từ chối được ý kiến đang chờ xử lý.' });
  },
  async execute(who, input, transaction) {
    const p = await rowOf(input, transaction);
    await p.update({ status: 'rejected', rejectReason: input.reason, ...handled(who) }, { transaction });
    return p.kind;
  },
  audit: (_who, { site, id, reason }, kind) => ({
    action: 'participation.reject',
    tenantId: site.id,
    targetType: 'participation',
    targetId: id,
    summary: { kind, reason },
  }),
  // It was never on the site's pages.
  invalidates: () => ({}),
});

export async function rejectParticipation(
  deps: ParticipationDeps,
  ctx: ActionContext,
  site: Site,
  id: number,
  rawReason: unknown,
) {
  const { reason } = parseOrThrow(z.object({ reason: text(1000, 'Lý do', 5) }), { reason: rawReason });
  await runAction(deps, ctx, rejectParticipationAction, { site, id, reason });
}

/** The portal's routers send a portal question or feedback to the site responsible for it. */
export const routeParticipationAction = defineAction({
  name: 'participation.route',
  async check(who, { portal, id, to }: { portal: Site; id: number; to: Site | undefined }, transaction?: Transaction) {
    if (!can(who.actor, 'participation.route')) return forbidden();
    if (!to || to.status !== 'active' || to.id === portal.id)
      return new ValidationError({ to: 'Chọn một trang đang hoạt động để chuyển đến' });
    const p = await siteData(portal).participations.findByPk(id, { transaction, lock: !!transaction });
    if (!p) return notFound('Không tìm thấy ý kiến');
    if (p.status !== 'received' || p.kind === 'comment')
      return new ValidationError({ _: 'Chỉ chuyển được câu hỏi, phản ánh đang chờ xử lý.' });
    return null;
  },
  async execute(who, { portal, id, to }, transaction) {
    const p = (await siteData(portal).participations.findByPk(id, { transaction }))!;
    // The one change that moves a row to another site: it is that site's to answer from now on.
    await p.update({ tenantId: to!.id, routedFrom: portal.id, ...handled(who) }, { transaction });
  },
  audit: (_who, { portal, id, to }) => ({
    action: 'participation.route',
    tenantId: portal.id,
    targetType: 'participation',
    targetId: id,
    summary: { to: to!.id, toName: to!.nameVi },
  }),
  // Still waiting for its answer: no site shows it yet.
  invalidates: () => ({}),
});

export async function routeParticipation(
  deps: ParticipationDeps,
  ctx: ActionContext,
  portal: Site,
  id: number,
  to: Site | undefined,
) {
  await runAction(deps, ctx, routeParticipationAction, { portal, id, to });
}

/**
 * The attachment of a submission, to those who handle it; never public. Reading it is an action
 * so that the audit entry is written only when the file is there and handed over.
 */
export const readAttachmentAction = defineAction({
  name: 'participation.attachment.read',
  async check(who, input: { site: Site; portalId: number | undefined; id: number; files: PrivateFiles }, transaction) {
    if (!mayHandle(who, input.site, input.portalId)) return forbidden();
    return (await siteData(input.site).participations.count({ where: { id: input.id }, transaction }))
      ? null
      : notFound('Không tìm thấy ý kiến');
  },
  async execute(_who, { site, id, files }, transaction) {
    const p = (await siteData(site).participations.findByPk(id, { transaction }))!;
    const bytes = p.attachmentKey ? await files.read(p.attachmentKey) : null;
    if (!bytes) throw notFound('Không có tệp đính kèm');
    return { bytes, name: p.attachmentName, mime: p.attachmentMime, key: p.attachmentKey! };
  },
  audit: (_who, { site, id }) => ({
    action: 'participation.attachment.read',
    tenantId: site.id,
    targetType: 'participation',
    targetId: id,
  }),
  invalidates: () => ({}),
});

export const readAttachment = (
  deps: ParticipationDeps,
  ctx: ActionContext,
  site: Site,
  portalId: number | undefined,
  id: number,
) => runAction(deps, ctx, readAttachmentAction, { site, portalId, id, files: deps.files });

/** Public lookup by tracking code: on the site that holds it, the site it came from, or the portal. */
export async function lookupByCode(site: Site, portalId: number | undefined, code: string) {
  if (!TRACKING_CODE.test(code)) return null;
  // A routed question is held by the site that answers it, and still found where it was sent.
  const p = await crossSite('public-routing').participations.findOne({
    where: {
      trackingCode: code,
      ...(site.id === portalId ? {} : { [Op.or]: [{ tenantId: site.id }, { routedFrom: site.id }] }),
    },
    attributes: [
      'id',
      'tenantId',
      'kind',
      'trackingCode',
      'subject',
      'status',
      'answer',
      'answeredAt',
      'rejectReason',
      'createdAt',
    ],
  });
  return p ? p.get({ plain: true }) : null;
}
