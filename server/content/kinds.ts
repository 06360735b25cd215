// The kinds of information of Art 4, each a table of fields. One table drives the server-side
// validation (with a Vietnamese message per field), the admin form and the public page, so a kind
// is added in one place. Common fields (title, summary, body, author, source, …) are columns of
// every item; the fields below are stored in the item's `data`.
import { z } from 'zod';

export type FieldType = 'text' | 'textarea' | 'date' | 'datetime' | 'number' | 'select' | 'email' | 'url' | 'lines';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  max?: number;
  options?: readonly { value: string; label: string }[];
  hint?: string;
}

export interface KindDef {
  code: string;
  label: string;
  /** Path segment of the kind's pages, per locale. */
  path: { vi: string; en: string };
  /** Art 7 class applied by default (an editor may pick another). */
  deadlineClass: string;
  /** What the title is called for this kind (a legal document's title is its abstract). */
  titleLabel: string;
  fields: readonly FieldDef[];
  /** Fields shown as the columns of the public list (a library table rather than cards). */
  columns?: readonly string[];
  /** Fields the public list filters by: a select or text field by value, a date field by year. */
  filters?: readonly string[];
  /** Rules across fields, e.g. dates in order. Returns field → message. */
  check?: (data: Record<string, unknown>) => Record<string, string>;
}

const opts = (pairs: [string, string][]) => pairs.map(([value, label]) => ({ value, label }));
const after = (a: string, b: string, msg: string) => (d: Record<string, unknown>) =>
  d[a] && d[b] && String(d[b]) < String(d[a]) ? { [b]: msg } : {};

export const KINDS: readonly KindDef[] = [
  {
    code: 'article',
    label: 'Tin bài',
    path: { vi: 'tin-tuc', en: 'news' },
    deadlineClass: 'news',
    titleLabel: 'Tiêu đề',
    fields: [
      { name: 'coverCaption', label: 'Chú thích ảnh đại diện', type: 'text', max: 300 },
      {
        name: 'eventEndAt',
        label: 'Thời điểm sự kiện kết thúc',
        type: 'datetime',
      },
    ],
  },
  {
    code: 'page',
    label: 'Trang giới thiệu',
    path: { vi: 'gioi-thieu', en: 'about' },
    deadlineClass: 'other',
    titleLabel: 'Tiêu đề',
    fields: [
      {
        name: 'section',
        label: 'Mục',
        type: 'select',
        required: true,
        options: opts([
          ['introduction', 'Giới thiệu chung'],
          ['organisation', 'Tổ chức bộ máy, chức năng nhiệm vụ'],
          ['leaders', 'Tiểu sử lãnh đạo'],
          ['contact', 'Liên hệ'],
          ['access', 'Tiếp cận thông tin'],
        ]),
      },
    ],
  },
  {
    code: 'legal_document',
    label: 'Văn bản',
    path: { vi: 'van-ban', en: 'documents' },
    deadlineClass: 'legal',
    titleLabel: 'Trích yếu',
    columns: ['number', 'issuedOn', 'issuingBody', 'status'],
    filters: ['form', 'issuingBody', 'field', 'issuedOn', 'status'],
    fields: [
      { name: 'number', label: 'Số, ký hiệu', type: 'text', required: true, max: 100 },
      {
        name: 'form',
        label: 'Hình thức văn bản',
        type: 'select',
        required: true,
        options: opts([
          ['nghi-quyet', 'Nghị quyết'],
          ['quyet-dinh', 'Quyết định'],
          ['chi-thi', 'Chỉ thị'],
          ['ke-hoach', 'Kế hoạch'],
          ['thong-bao', 'Thông báo'],
          ['cong-van', 'Công văn'],
          ['bao-cao', 'Báo cáo'],
          ['khac', 'Khác'],
        ]),
      },
      { name: 'issuingBody', label: 'Cơ quan ban hành', type: 'text', required: true, max: 200 },
      { name: 'signer', label: 'Người ký', type: 'text', required: true, max: 200 },
      { name: 'field', label: 'Lĩnh vực', type: 'text', max: 200 },
      { name: 'issuedOn', label: 'Ngày ban hành', type: 'date', required: true },
      { name: 'effectiveOn', label: 'Ngày hiệu lực', type: 'date' },
      { name: 'expiresOn', label: 'Ngày hết hiệu lực', type: 'date' },
      {
        name: 'status',
        label: 'Tình trạng',
        type: 'select',
        required: true,
        options: opts([
          ['in_force', 'Còn hiệu lực'],
          ['expired', 'Hết hiệu lực'],
          ['replaced', 'Bị thay thế'],
        ]),
      },
      { name: 'replacedBy', label: 'Được thay thế bởi (số, ký hiệu)', type: 'text', max: 100 },
    ],
    check: (d) => ({
      ...after('issuedOn', 'effectiveOn', 'Ngày hiệu lực không được trước ngày ban hành')(d),
      ...after('effectiveOn', 'expiresOn', 'Ngày hết hiệu lực phải sau ngày hiệu lực')(d),
      ...(d.status === 'replaced' && !d.replacedBy ? { replacedBy: 'Ghi văn bản thay thế' } : {}),
    }),
  },
  {
    code: 'procedure',
    label: 'Thủ tục hành chính',
    path: { vi: 'thu-tuc', en: 'procedures' },
    deadlineClass: 'administrative',
    titleLabel: 'Tên thủ tục',
    columns: ['code', 'field', 'level'],
    filters: ['field', 'level'],
    fields: [
      { name: 'code', label: 'Mã thủ tục', type: 'text', required: true, max: 50 },
      { name: 'field', label: 'Lĩnh vực', type: 'text', required: true, max: 200 },
      {
        name: 'level',
        label: 'Mức độ dịch vụ công',
        type: 'select',
        required: true,
        options: opts([
          ['full', 'Toàn trình'],
          ['partial', 'Một phần'],
          ['none', 'Không trực tuyến'],
        ]),
      },
      { name: 'processingTime', label: 'Thời hạn giải quyết', type: 'text', required: true, max: 200 },
      { name: 'fees', label: 'Phí, lệ phí', type: 'text', max: 300 },
      { name: 'requiredDocuments', label: 'Thành phần hồ sơ', type: 'textarea', max: 5000 },
      { name: 'onlineUrl', label: 'Liên kết Cổng dịch vụ công', type: 'url' },
    ],
  },
  {
    code: 'investment_project',
    label: 'Dự án đầu tư',
    path: { vi: 'du-an', en: 'projects' },
    deadlineClass: 'investment',
    titleLabel: 'Tên dự án',
    columns: ['field', 'budget', 'status'],
    filters: ['field', 'status'],
    fields: [
      { name: 'mainObjective', label: 'Mục tiêu chính', type: 'textarea', required: true, max: 2000 },
      { name: 'field', label: 'Lĩnh vực', type: 'text', required: true, max: 200 },
      { name: 'projectType', label: 'Loại dự án', type: 'text', required: true, max: 200 },
      { name: 'duration', label: 'Thời gian thực hiện', type: 'text', required: true, max: 200 },
      { name: 'budget', label: 'Tổng vốn (đồng)', type: 'number', required: true },
      { name: 'fundingType', label: 'Hình thức vốn', type: 'text', required: true, max: 200 },
      { name: 'donor', label: 'Nhà tài trợ', type: 'text', required: true, max: 200 },
      {
        name: 'status',
        label: 'Tình trạng',
        type: 'select',
        required: true,
        options: opts([
          ['preparing', 'Chuẩn bị đầu tư'],
          ['in_progress', 'Đang thực hiện'],
          ['completed', 'Đã hoàn thành'],
        ]),
      },
    ],
  },
  {
    code: 'consultation',
    label: 'Dự thảo lấy ý kiến',
    path: { vi: 'lay-y-kien', en: 'consultations' },
    deadlineClass: 'other',
    titleLabel: 'Tên dự thảo',
    columns: ['opensOn', 'closesOn'],
    fields: [
      { name: 'opensOn', label: 'Ngày bắt đầu lấy ý kiến', type: 'date', required: true },
      { name: 'closesOn', label: 'Hạn góp ý', type: 'date', required: true },
      { name: 'receivingAddress', label: 'Địa chỉ nhận góp ý', type: 'text', required: true, max: 300 },
      { name: 'receivingEmail', label: 'E-mail nhận góp ý', type: 'email', required: true },
    ],
    check: after('opensOn', 'closesOn', 'Hạn góp ý phải sau ngày bắt đầu'),
  },
  {
    code: 'schedule',
    label: 'Lịch công tác',
    path: { vi: 'lich-cong-tac', en: 'schedule' },
    deadlineClass: 'other',
    titleLabel: 'Tiêu đề (vd: Lịch công tác tuần 49)',
    fields: [
      { name: 'weekStart', label: 'Tuần bắt đầu (thứ Hai)', type: 'date', required: true },
      {
        name: 'entries',
        label: 'Các mục lịch',
        type: 'lines',
        required: true,
        max: 10000,
        hint: 'Mỗi dòng: ngày (YYYY-MM-DD) | giờ | lãnh đạo | nội dung | địa điểm',
      },
    ],
    check: (d) => {
      const bad = String(d.entries ?? '')
        .split('\n')
        .filter(Boolean)
        .find((l) => !/^\d{4}-\d{2}-\d{2}\s*\|[^|]*\|[^|]+\|[^|]+\|[^|]*$/.test(l.trim()));
      return bad ? { entries: `Dòng không đúng mẫu: "${bad.slice(0, 80)}"` } : ({} as Record<string, string>);
    },
  },
  {
    code: 'recruitment',
    label: 'Thông báo tuyển dụng',
    path: { vi: 'tuyen-dung', en: 'recruitment' },
    deadlineClass: 'other',
    titleLabel: 'Tiêu đề',
    columns: ['position', 'applyBy'],
    fields: [
      { name: 'position', label: 'Vị trí tuyển dụng', type: 'text', required: true, max: 200 },
      { name: 'quantity', label: 'Số lượng', type: 'number' },
      { name: 'applyBy', label: 'Hạn nộp hồ sơ', type: 'date', required: true },
    ],
  },
  {
    code: 'document_release',
    label: 'Công khai tài liệu',
    path: { vi: 'cong-khai', en: 'releases' },
    deadlineClass: 'other',
    titleLabel: 'Tiêu đề',
    fields: [
      {
        name: 'releaseType',
        label: 'Loại',
        type: 'select',
        required: true,
        options: opts([
          ['financial_report', 'Báo cáo tài chính, ngân sách'],
          ['statistics', 'Số liệu thống kê'],
          ['plan', 'Chương trình, kế hoạch'],
          ['master_plan', 'Quy hoạch'],
        ]),
      },
      { name: 'period', label: 'Kỳ báo cáo', type: 'text', max: 100 },
    ],
  },
  {
    code: 'dataset',
    label: 'Dữ liệu mở',
    path: { vi: 'du-lieu-mo', en: 'open-data' },
    deadlineClass: 'other',
    titleLabel: 'Tên bộ dữ liệu',
    columns: ['format', 'updateFrequency'],
    fields: [
      {
        name: 'format',
        label: 'Định dạng',
        type: 'select',
        required: true,
        options: opts([
          ['csv', 'CSV'],
          ['json', 'JSON'],
        ]),
      },
      { name: 'licence', label: 'Giấy phép sử dụng', type: 'text', required: true, max: 200 },
      { name: 'updateFrequency', label: 'Tần suất cập nhật', type: 'text', max: 100 },
    ],
  },
  {
    code: 'announcement',
    label: 'Thông báo',
    path: { vi: 'thong-bao', en: 'announcements' },
    deadlineClass: 'administrative',
    titleLabel: 'Tiêu đề',
    fields: [{ name: 'validUntil', label: 'Hiệu lực đến ngày', type: 'date' }],
  },
];

export const KIND_BY_CODE = new Map(KINDS.map((k) => [k.code, k]));
export const kindOf = (code: string) => KIND_BY_CODE.get(code);
/** Path segments that kinds use, reserved so that no site takes them as a path prefix. */
export const KIND_SEGMENTS = KINDS.flatMap((k) => [k.path.vi, k.path.en]);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) =>
  DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

function fieldSchema(f: FieldDef): z.ZodType<unknown> {
  const req = `${f.label}: bắt buộc`;
  const text = (max: number) =>
    z
      .string()
      .transform((s) => s.normalize('NFC').trim())
      .pipe(z.string().max(max, `${f.label}: tối đa ${max} ký tự`));
  let s: z.ZodType<unknown>;
  switch (f.type) {
    case 'date':
      s = z
        .string()
        .trim()
        .refine((v) => v === '' || validDate(v), `${f.label}: ngày không hợp lệ (YYYY-MM-DD)`);
      break;
    case 'datetime':
      s = z
        .string()
        .trim()
        .refine((v) => v === '' || !Number.isNaN(Date.parse(v)), `${f.label}: thời điểm không hợp lệ`);
      break;
    case 'number':
      s = z
        .string()
        .trim()
        .refine((v) => v === '' || /^\d{1,15}$/.test(v.replace(/[.\s]/g, '')), `${f.label}: phải là số nguyên không âm`)
        .transform((v) => (v === '' ? '' : String(Number(v.replace(/[.\s]/g, '')))));
      break;
    case 'select':
      s = z
        .string()
        .trim()
        .refine((v) => v === '' || f.options!.some((o) => o.value === v), `${f.label}: lựa chọn không hợp lệ`);
      break;
    case 'email':
      s = z
        .string()
        .trim()
        .refine((v) => v === '' || z.string().email().safeParse(v).success, `${f.label}: e-mail không hợp lệ`);
      break;
    case 'url':
      s = z
        .string()
        .trim()
        .refine((v) => v === '' || /^https?:\/\/[^\s"'<>]+$/.test(v), `${f.label}: phải là liên kết http(s)://…`);
      break;
    default:
      s = text(f.max ?? (f.type === 'text' ? 300 : 10000));
  }
  return z
    .preprocess(
      (v) =>
        v === undefined || v === null
          ? ''
          : typeof v === 'string'
            ? v
            : Array.isArray(v)
              ? String(v[0] ?? '')
              : String(v),
      s,
    )
    .refine((v) => !f.required || (typeof v === 'string' && v !== ''), req);
}

/** Validates a kind's own fields; returns the cleaned data or the messages per field. */
export function validateKindData(
  kind: KindDef,
  raw: Record<string, unknown>,
): { data: Record<string, string>; errors: Record<string, string> } {
  const data: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const f of kind.fields) {
    const r = fieldSchema(f).safeParse(raw[f.name]);
    if (r.success) {
      if (r.data !== '') data[f.name] = r.data as string;
    } else errors[f.name] = r.error.issues[0]!.message;
  }
  if (Object.keys(errors).length === 0) Object.assign(errors, kind.check?.(data) ?? {});
  return { data, errors };
}
