// What an editor sends for an item, validated in one place: the common fields, the kind's own
// fields, and every reference (categories, files, translation) checked to be the site's own.
// Also the slug and the Art 7 deadline an item gets from its inputs.
import { Op, type Transaction } from 'sequelize';
import { z } from 'zod';
import type { Site } from '../../tenants/tenant.types';
import { loadCalendar, vnDay } from '../calendar/working-calendar';
import { ValidationError } from '../core/errors';
import { siteData } from '../db/site-data';
import { connectionOf } from '../db/sequelize';
import { slugify } from '../text/slugify';
import { deadlineClassOn, DeadlineClass } from './deadline-class.model';
import { CONTENT_FIELDS, type ItemContent } from './item.model';
import { validateKindData, type KindDef } from './kinds';
import { sanitizeRichText } from './sanitize';

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
export async function validate(site: Site, kind: KindDef, raw: ItemInput, transaction?: Transaction) {
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
  const data = siteData(site);
  if (c.categoryIds.length) {
    // Categories of another site are never accepted, whatever the ids say.
    const found = await data.categories.count({ where: { id: { [Op.in]: c.categoryIds } }, transaction });
    if (found !== new Set(c.categoryIds).size) errors.categoryIds = 'Chuyên mục không thuộc trang này';
  }
  if (c.translationOf) {
    const other = await data.items.findByPk(c.translationOf, { transaction });
    if (!other || other.locale === c.locale)
      errors.translationOf = 'Bản dịch phải là một tin của trang này, bằng ngôn ngữ kia';
  }
  const deadlineCode = c.emergency ? 'emergency' : c.deadlineClass || kind.deadlineClass;
  if (!(await DeadlineClass.count({ where: { code: deadlineCode }, transaction })))
    errors.deadlineClass = 'Loại thời hạn không hợp lệ';
  // Files, like categories, must be the site's own.
  if (c.coverMediaId && !(await data.media.count({ where: { id: c.coverMediaId, kind: 'image' }, transaction }))) {
    errors.coverMediaId = 'Ảnh đại diện phải là một ảnh trong thư viện của trang này';
  }
  const attachments = [...new Set(c.attachmentIds)];
  if (
    attachments.length &&
    (await data.media.count({ where: { id: { [Op.in]: attachments } }, transaction })) !== attachments.length
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

export async function uniqueSlug(
  siteId: number,
  locale: string,
  title: string,
  exceptId: number | null,
  transaction: Transaction,
) {
  const base = slugify(title) || 'tin';
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await siteData({ id: siteId }).items.findOne({
      where: { locale, slug, ...(exceptId ? { id: { [Op.ne]: exceptId } } : {}) },
      transaction,
    });
    if (!taken) return slug;
  }
}

export async function dueDate(code: string, receivedAt: Date, transaction: Transaction) {
  const cls = await deadlineClassOn(code, vnDay(receivedAt), transaction);
  if (!cls) return null;
  return (await loadCalendar(connectionOf(transaction), transaction)).dueAt(receivedAt, cls.unit, cls.amount);
}

export type ValidItem = Awaited<ReturnType<typeof validate>>;

/** The content of a revision, from validated input: empty optional texts are stored as null. */
export function revisionFields(v: ValidItem): ItemContent {
  const content = Object.fromEntries(CONTENT_FIELDS.map((f) => [f, v[f]])) as unknown as ItemContent;
  for (const f of ['summary', 'body', 'source', 'originalPublishedAt'] as const) content[f] = v[f] || null;
  return content;
}
