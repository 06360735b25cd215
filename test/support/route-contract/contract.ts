// What each route is, for the contract: which of B's rows its parameters name, what a plausible
// request body is (one that would change B's row if the route forgot its site), and what kind of
// route it is. Classification and parameters go by rules on the path, so a new route is covered
// at once; a parameter of no known family, or a state-changing route without a body here, fails
// the test until someone says what it takes.
import { QueryTypes, type Sequelize } from 'sequelize';
import { KINDS } from '../../../server/content/kinds';
import { LOCALE_PATHS } from '../../../server/render/renderer';
import type { Fixtures } from './fixtures';
import type { RouteEntry } from './routes';

/**
 * - `site`: a screen of a site's back office (per-site data);
 * - `console`: the platform console, on the portal's back office only (operators);
 * - `self`: signing in and out, and one's own account: acts on the signed-in person only;
 * - `public`: a public page or file, or the open-data API;
 * - `form`: a citizen's form (a public POST);
 * - `infra`: answered by the front door for no site (health, metrics, theme assets).
 */
export type RouteKind = 'site' | 'console' | 'self' | 'public' | 'form' | 'infra';

// The back office's front page is each person's own: their sites and roles (and, on a host where
// they have none, the way to their one site).
const SELF = [/^\/admin\/(dang-nhap|dang-xuat|sso|tai-khoan)(\/|$)/, /^\/admin\/$/];
const CONSOLE = [
  /^\/admin\/trang(\/|$)/,
  /^\/admin\/phan-quyen(\/|$)/,
  /^\/admin\/thoi-han$/,
  /^\/admin\/lich-lam-viec(\/|$)/,
  /^\/admin\/van-hanh(\/|$)/,
  /^\/admin\/quang-cao(\/|$)/,
  /^\/admin\/nhuan-but\/(bang-gia|chi-tra)(\/|$)/,
  /^\/admin\/nguoi-dung\/moi$/,
  /^\/admin\/nguoi-dung\/:id\/(sua|khoa|mo-khoa|vo-hieu|dat-lai-mat-khau|dat-lai-xac-thuc|cap-quyen|mat-khau-tam-thoi)$/,
];
const INFRA = [/^\/(healthz|readyz|metrics|_assets\/)/];

export function kindOfRoute(r: RouteEntry): RouteKind {
  if (INFRA.some((re) => re.test(r.path))) return 'infra';
  if (r.path === '/admin' || r.path.startsWith('/admin/')) {
    if (SELF.some((re) => re.test(r.path))) return 'self';
    if (CONSOLE.some((re) => re.test(r.path))) return 'console';
    return 'site';
  }
  return r.method === 'GET' ? 'public' : 'form';
}

/** First segments of the English public pages: their Express routes answer under `/en`. */
const EN_SEGMENTS = new Set([
  ...KINDS.map((k) => k.path.en),
  ...Object.values(LOCALE_PATHS).map((p) => p.en.slice(1)),
  'category',
  'untranslated',
]);
const VI_SEGMENTS = new Set([...KINDS.map((k) => k.path.vi), ...Object.values(LOCALE_PATHS).map((p) => p.vi.slice(1))]);

/** Whether a public route's Express path is an English page (requested under `/en`). */
export function isEnglish(path: string): boolean {
  if (path.startsWith('/en/')) return false; // already a front-door path with its `/en`
  const seg = path.split('/')[1] ?? '';
  return EN_SEGMENTS.has(seg) && !VI_SEGMENTS.has(seg);
}

interface Filled {
  path: string;
  /** Whether a parameter named one of B's rows (else they were neutral: a format, a page). */
  ofB: boolean;
}

/**
 * Parameters by the path they sit in: the first rule whose pattern matches the route's path gives
 * every parameter of it. Each value names one of B's rows (or is neutral, `ofB: false`). An item
 * page (`/<kind path>/:slug`, either language) gets B's published item of that kind and language.
 */
type Params = (f: Fixtures, locale: 'vi' | 'en') => Record<string, string | number>;
const PARAMS: [RegExp, Params, boolean?][] = [
  [/^\/admin\/tin-bai\/:id\/phien-ban\/:rev/, (f) => ({ id: f.bPub.id, rev: f.bPubWorkingRev.id })],
  [/^\/admin\/tin-bai\/:id\/nhuan-but\/:entry/, (f) => ({ id: f.bPub.id, entry: f.bRoyaltyEntry2Id })],
  // An item awaiting review: approving it would publish it.
  [/^\/admin\/tin-bai\/:id\/buoc\/:step/, (f) => ({ id: f.bSubmitted.id, step: 'approve' })],
  [/^\/admin\/tin-bai\/:id\/(nhuan-but|chia-se|xem-truoc)/, (f) => ({ id: f.bPub.id })],
  [/^\/admin\/tin-bai\/:id$/, (f) => ({ id: f.bDraft.id })],
  // A file nothing uses (one in use is refused whoever asks).
  [/^\/admin\/tep\/:id/, (f) => ({ id: f.bMediaLoose.id })],
  [/^\/admin\/chuyen-muc\/:id\/xuong/, (f) => ({ id: f.bCatFirst.id })],
  [/^\/admin\/chuyen-muc\/:id\/xoa/, (f) => ({ id: f.bCatLoose.id })],
  [/^\/admin\/chuyen-muc\/:id/, (f) => ({ id: f.bCat.id })],
  [/^\/admin\/menu\/:id\/xuong/, (f) => ({ id: f.bMenuFirst.id })],
  [/^\/admin\/menu\/:id/, (f) => ({ id: f.bMenu.id })],
  [/^\/admin\/ho-so\/:id/, (f) => ({ id: f.bSubmission2Id })],
  [/^\/admin\/phan-cong\/:id/, (f) => ({ id: f.bAssignmentId })],
  [/^\/admin\/y-kien\/:id\/go-cong-khai/, (f) => ({ id: f.bQuestionPub.id })],
  [/^\/admin\/y-kien\/:id\/chuyen/, (f) => ({ id: f.bQuestion2.id })],
  [/^\/admin\/y-kien\/:id/, (f) => ({ id: f.bQuestion.id })],
  [/^\/admin\/bao-cao\/xuat\/:id/, (f) => ({ id: f.bExportId })],
  [/^\/admin\/nhuan-but\/xuat\.:format/, () => ({ format: 'csv' }), false],
  [/^\/admin\/nguoi-dung\/:id\/mo-khoa/, (f) => ({ id: f.bLocked.id })],
  [/^\/admin\/nguoi-dung\/:id/, (f) => ({ id: f.bAdmin.id })],
  [/^\/admin\/phan-quyen\/:id/, (f) => ({ id: f.bEditorGrant.id })],
  [/^\/admin\/trang\/:id/, (f) => ({ id: f.b.id })],
  [/^\/admin\/van-hanh\/su-co\/:id/, (f) => ({ id: f.bIncidentId })],
  [/^\/admin\/quang-cao\/:id/, (f) => ({ id: f.bAdId })],
  [/^\/admin\/chia-se\/:id/, (f) => ({ id: f.offerToB.id })],
  // Public pages and files.
  [/^\/quang-cao\/:id/, (f) => ({ id: f.bAdId })],
  [/^\/hoi-dap\/:id/, (f) => ({ id: f.bQuestionPub.id })],
  [/^\/phan-anh-kien-nghi\/:id/, (f) => ({ id: f.bFeedbackPub.id })],
  [/^\/lay-y-kien\/:slug\/gop-y/, (f) => ({ slug: f.bConsultationSlug })],
  [/^\/media\/:file/, (f) => ({ file: f.bMediaSecret.key.split('/')[1]! })],
  [/^\/(chuyen-muc|category)\/:slug/, (f) => ({ slug: f.bCat.slug })],
  [/^\/sitemap-:part/, () => ({ part: '1.xml' }), false],
  [/^\/api\/v1\/items\/:kind\/:slug/, (f) => ({ kind: 'article', slug: f.bSlugs.vi.article! })],
  [/^\/_assets\/:asset/, () => ({ asset: 'nothing.css' }), false],
];

/** The kind whose public path (in a locale) is this segment. */
const kindBySegment = (seg: string, locale: 'vi' | 'en') => KINDS.find((k) => k.path[locale] === seg);

/** The route's path with its parameters filled with B's ids and slugs, or why it cannot be. */
export function fill(r: RouteEntry, f: Fixtures, overrides: Record<string, string | number> = {}): Filled | string {
  const names = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  if (!names.length) return { path: r.path, ofB: false };
  const english = r.path.startsWith('/en/') || isEnglish(r.path);
  const locale = english ? 'en' : 'vi';
  let values: Record<string, string | number> | undefined;
  let ofB = true;
  const item = /^(?:\/en)?\/([a-z-]+)\/:slug$/.exec(r.path);
  const kind = item ? kindBySegment(item[1]!, locale) : undefined;
  if (kind) values = { slug: f.bSlugs[locale][kind.code]! };
  else
    for (const [re, params, b] of PARAMS)
      if (re.test(r.path)) {
        values = params(f, locale);
        ofB = b ?? true;
        break;
      }
  if (!values) return `no parameter rule matches ${r.path} (add one to PARAMS in contract.ts)`;
  values = { ...values, ...overrides };
  let path = r.path;
  for (const n of names) {
    if (values[n] === undefined) return `the rule for ${r.path} gives no value for :${n}`;
    path = path.replace(`:${n}`, encodeURIComponent(String(values[n])));
  }
  return { path, ofB };
}

type Body = Record<string, string | string[]>;
interface Variant {
  note: string;
  params?: Record<string, string | number>;
  body?: Body;
  /** The path names a row of A's own that points at B's rows (hand-made): A's page, without B's data. */
  own?: boolean;
}
/** A's own rows that point at B's (fixtures.ts): their pages must show none of B's data. */
const aWithB = (f: Fixtures): Variant[] => [
  { note: "A's item naming B's files, hand-made", params: { id: f.aWithB.id, slug: f.aWithB.slug }, own: true },
];
export interface Request {
  /** The query string (without '?') a request adds: filters naming B's rows, where a route reads them. */
  query?: (f: Fixtures) => string;
  /** A plausible body: valid, so that only the site scope stands between it and B's row. */
  body?: (f: Fixtures) => Body;
  /** Sent as multipart/form-data, with this file (field name → file). */
  files?: Record<string, { name: string; bytes: Buffer }>;
  /** The request needs a citizen's form token (public forms): taken from this page of the host. */
  formPage?: string;
  /** For the positive control: B's own staff see a B marker in this page. */
  shows?: boolean;
  /** On B's host, B's back-office words may show to anyone (a citizen's tracking code). */
  secretOnB?: boolean;
  /** A public route given a row of B that is not public (a file no published item uses): 404 everywhere. */
  secretRow?: boolean;
  /**
   * The positive control of a state-changing route: by default the same request by B's own staff
   * (the Centre's operator for the console, a visitor of B for a citizen's form) changes B's rows.
   * 'platform': it changes platform-wide rows only (checked by its success message instead);
   * 'operator@B': the Centre's operator on B's host does it; a string: why it is not tried.
   */
  positive?: 'platform' | 'operator@B' | { skip: string };
  /** The body names B's rows: even on A's own screens the request must be refused. */
  refsB?: boolean;
  /**
   * More requests, by staff of A on A's host: each names exactly one of B's rows, the rest being
   * A's own, so that every scope check is tried alone (a request naming several of B's rows is
   * refused by whichever check still holds). `params` replace the path's, `body` the body.
   */
  variants?: (f: Fixtures) => Variant[];
  /** For a request that starts work after its answer: true once that work (on these sites) is over. */
  background?: (sequelize: Sequelize, siteIds: number[]) => Promise<boolean>;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** A code of letters only (some codes take no digits). */
const letters = (u: string) => u.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const year = () => today().slice(0, 4);
const citizen = (f: Fixtures): Body => ({
  senderName: 'Người gửi thử',
  senderEmail: 'nguoi-gui@thu.vn',
  senderPhone: '0912345678',
  senderAddress: '',
  subject: `Gửi nhầm trang ${f.u}`,
  content: 'Nội dung đủ dài để được nhận.',
  target: String(f.b.id),
});

/** A valid new item of A, and each of B's rows an item may name, one at a time. */
const newItem = (f: Fixtures): Body => ({
  title: `Tin mới ${f.u}`,
  author: 'Tác giả',
  summary: 'Tóm tắt',
  locale: 'vi',
});
/** `locale`: the language of the item that names them (a translation is of the other one). */
const itemRefs = (f: Fixtures, locale: 'vi' | 'en'): [string, Body][] => [
  ["B's category", { categoryIds: [String(f.bCat.id)] }],
  ["B's file attached", { attachmentIds: [String(f.bMediaSecret.id)] }],
  ["B's image as cover", { coverMediaId: String(f.bImage.id) }],
  ["a translation of B's item", { locale, translationOf: String(locale === 'en' ? f.bPub.id : f.bEnArticleId) }],
];

/** Requests by route key (`METHOD path`). GETs need none unless they read a query; POSTs all do. */
export const REQUESTS: Record<string, Request> = {
  // Signing in, out, one's own account.
  'GET /admin/dang-nhap': { query: (f) => `next=${encodeURIComponent(`/admin/tin-bai/${f.bDraft.id}`)}` },
  'POST /admin/dang-nhap': { body: (f) => ({ email: f.bAdmin.email, password: 'Sai-mat-khau-2026', next: '' }) },
  'POST /admin/dang-nhap/xac-thuc': { body: () => ({ code: '123456' }) },
  'POST /admin/dang-xuat': { body: () => ({}) },
  'GET /admin/sso': { query: (f) => `site=${f.b.id}&state=${'s'.repeat(43)}&next=%2Fadmin` },
  'GET /admin/sso/nhan': { query: () => `token=${'t'.repeat(43)}` },
  'POST /admin/tai-khoan/mat-khau': {
    body: () => ({ current: 'Sai-mat-khau-2026', next: 'Mat-khau-moi-2026-xyz', confirm: 'Mat-khau-moi-2026-xyz' }),
  },
  'POST /admin/tai-khoan/xac-thuc/xac-nhan': { body: () => ({ password: 'Sai-mat-khau-2026', code: '123456' }) },
  'POST /admin/tai-khoan/xac-thuc': { body: () => ({ code: '123456' }) },
  'POST /admin/tai-khoan/dang-xuat-moi-noi': { body: () => ({}) },

  // The console.
  'GET /admin/trang': { query: (f) => `q=${f.b.slug}` },
  'POST /admin/trang/moi': {
    body: (f) => ({
      slug: `hd-moi-${f.u}`,
      nameVi: `Xã mới ${f.u}`,
      kind: 'commune',
      theme: 'coso',
      pathPrefix: '',
      primaryHost: `hd-moi-${f.u}.test`,
      approvalNumber: `${f.u}/QĐ-UBND`,
      approvalDate: '2026-10-01',
    }),
    files: { approvalFile: { name: 'quyet-dinh.pdf', bytes: PDF } },
    positive: 'platform',
  },
  'GET /admin/trang/:id': { shows: false },
  'GET /admin/trang/:id/quyet-dinh': { shows: false },
  'GET /admin/trang/:id/sua': { shows: false },
  'POST /admin/trang/:id/chinh-sach': { body: () => ({ selfApproval: 'on', mediaQuotaMb: '20' }) },
  'POST /admin/trang/:id/sua': {
    body: (f) => ({
      nameVi: `Xã B đổi tên ${f.u}`,
      kind: 'commune',
      theme: 'coso',
      primaryHost: f.hostB,
      pathPrefix: '',
      english: 'on',
    }),
  },
  'POST /admin/trang/:id/trang-thai': { body: () => ({ status: 'suspended' }) },
  'GET /admin/nguoi-dung': { query: (f) => `q=${f.word}`, shows: true },
  'POST /admin/nguoi-dung/moi': {
    body: (f) => ({ email: `nguoi-moi-${f.u}@thu.vn`, fullName: 'Người mới', unit: 'Xã B', phone: '' }),
    positive: 'platform',
  },
  'GET /admin/nguoi-dung/:id': { shows: true },
  'POST /admin/nguoi-dung/:id/sua': { body: () => ({ fullName: 'Tên bị đổi', unit: 'Đơn vị khác', phone: '' }) },
  'POST /admin/nguoi-dung/:id/khoa': { body: () => ({ confirm: '1' }) },
  'POST /admin/nguoi-dung/:id/mo-khoa': { body: () => ({ confirm: '1' }) },
  'POST /admin/nguoi-dung/:id/vo-hieu': { body: () => ({ confirm: '1' }) },
  'POST /admin/nguoi-dung/:id/dat-lai-mat-khau': { body: () => ({ confirm: '1' }) },
  'GET /admin/nguoi-dung/:id/mat-khau-tam-thoi': { shows: false },
  'POST /admin/nguoi-dung/:id/dat-lai-xac-thuc': { body: () => ({ confirm: '1' }) },
  'POST /admin/nguoi-dung/:id/cap-quyen': { body: (f) => ({ role: 'viewer', tenantId: String(f.b.id) }) },
  'GET /admin/phan-quyen': { query: (f) => `q=${f.word}` },
  'POST /admin/phan-quyen/hang-loat': {
    body: (f) => ({
      mode: 'grant',
      role: 'contributor',
      personIds: [String(f.bEditor.id)],
      tenantIds: [String(f.b.id)],
    }),
  },
  'POST /admin/phan-quyen/:id/thu-hoi': { body: () => ({ reason: 'Thu hồi thử' }) },
  // Platform-wide rows: a class of its own (no other test's deadlines move), a day added then removed.
  'POST /admin/thoi-han': {
    body: (f) => ({ code: `thu_${letters(f.u)}`, name: 'Thử', unit: 'working_days', amount: '9', validFrom: today() }),
    positive: 'platform',
  },
  'GET /admin/lich-lam-viec': { query: () => `nam=${year()}` },
  'POST /admin/lich-lam-viec': {
    body: () => ({ day: `${Number(year()) + 3}-12-30`, kind: 'day_off', name: 'Nghỉ thử' }),
    positive: 'platform',
  },
  'POST /admin/lich-lam-viec/xoa': { body: () => ({ day: `${Number(year()) + 3}-12-30` }), positive: 'platform' },
  'POST /admin/van-hanh/su-co': {
    body: (f) => ({
      startsAt: `${today()}T08:00`,
      endsAt: '',
      severity: 'low',
      cause: 'Sự cố thử',
      action: 'Xử lý thử',
      siteIds: [String(f.b.id)],
    }),
  },
  'POST /admin/van-hanh/su-co/:id/ket-thuc': { body: () => ({ endsAt: `${today()}T23:00` }) },
  'POST /admin/van-hanh/bao-tri': {
    body: (f) => ({
      title: 'Bảo trì thử',
      message: 'Bảo trì thử hệ thống',
      announceOn: today(),
      startsAt: `${Number(year()) + 1}-01-20T22:00`,
      endsAt: `${Number(year()) + 1}-01-20T23:00`,
      siteIds: [String(f.b.id)],
    }),
  },
  'POST /admin/quang-cao': {
    body: (f) => ({
      slot: 'header',
      advertiser: 'Nhà quảng cáo thử',
      title: 'Quảng cáo thử',
      linkUrl: 'https://example.com/thu',
      startsOn: today(),
      endsOn: today(),
      siteIds: [String(f.b.id)],
    }),
    files: { image: { name: 'qc.png', bytes: PNG } },
  },
  'POST /admin/quang-cao/:id/go': { body: () => ({}) },
  'POST /admin/quang-cao/:id/doanh-thu': { body: () => ({ amount: '1000000', receivedOn: today(), note: 'Thử' }) },
  'GET /admin/nhuan-but/bang-gia': { shows: false },
  'POST /admin/nhuan-but/bang-gia/baseSalary': {
    body: () => ({ amount: '2340000', validFrom: today(), legalBasis: 'Nghị định thử' }),
    positive: {
      skip: "a new base salary applies to every item from its date on: other test files' royalties would move",
    },
  },
  'POST /admin/nhuan-but/bang-gia/genre': {
    body: (f) => ({ code: `thu-${f.u}`, label: 'Thử', max: '5', validFrom: today(), legalBasis: 'Nghị định thử' }),
    positive: 'platform',
  },
  'POST /admin/nhuan-but/bang-gia/addon': {
    body: (f) => ({ code: `thu-${f.u}`, label: 'Thử', max: '5', validFrom: today(), legalBasis: 'Nghị định thử' }),
    positive: 'platform',
  },
  'POST /admin/nhuan-but/chi-tra': { body: (f) => ({ entry: [String(f.bRoyaltyEntryId)], person: '', period: '' }) },

  // A site's back office. Lists read B's ids from their filters; forms send B's ids in their fields.
  'GET /admin/tin-bai': { query: (f) => `q=${f.word}&category=${f.bCat.id}`, shows: true },
  'GET /admin/tin-bai/moi': { query: () => 'loai=article' },
  'POST /admin/tin-bai/moi': {
    query: () => 'loai=article',
    body: (f) => ({
      ...newItem(f),
      categoryIds: [String(f.bCat.id)],
      attachmentIds: [String(f.bMediaSecret.id)],
      coverMediaId: String(f.bImage.id),
      // An English translation of B's Vietnamese item (both sites have English).
      locale: 'en',
      translationOf: String(f.bPub.id),
    }),
    refsB: true,
    variants: (f) => itemRefs(f, 'en').map(([note, body]) => ({ note, body: { ...newItem(f), ...body } })),
  },
  'GET /admin/tin-bai/:id': { shows: true, variants: aWithB },
  'POST /admin/tin-bai/:id': {
    body: () => ({ title: 'Tiêu đề bị đổi', author: 'Tác giả', summary: 'Đổi' }),
    // A's own draft, saved with one of B's rows.
    variants: (f) =>
      itemRefs(f, 'vi').map(([note, body]) => ({
        note,
        params: { id: f.aDraft.id },
        body: { ...newItem(f), ...body },
      })),
  },
  'POST /admin/tin-bai/:id/buoc/:step': { body: () => ({ comment: '', publishAt: '' }) },
  'GET /admin/tin-bai/:id/phien-ban/:rev': {
    shows: true,
    variants: (f) => [{ note: "A's item, B's revision", params: { id: f.aPub.id } }],
  },
  'POST /admin/tin-bai/:id/phien-ban/:rev/khoi-phuc': {
    body: () => ({}),
    variants: (f) => [{ note: "A's item, B's revision", params: { id: f.aPub.id } }],
  },
  'GET /admin/tin-bai/:id/xem-truoc': { shows: true, variants: aWithB },
  'GET /admin/cho-duyet': { shows: true },
  'GET /admin/tep': { query: (f) => `q=${f.word}`, shows: true },
  'POST /admin/tep': { body: () => ({ alt: 'Ảnh thử' }), files: { file: { name: 'thu.pdf', bytes: PDF } } },
  'POST /admin/tep/:id/xoa': { body: () => ({}) },
  'GET /admin/chuyen-muc': { shows: true },
  'POST /admin/chuyen-muc': {
    refsB: true,
    body: (f) => ({ nameVi: `Chuyên mục con ${f.u}`, nameEn: '', slug: `cm-con-${f.u}`, parentId: String(f.bCat.id) }),
  },
  'POST /admin/chuyen-muc/:id': { body: () => ({ nameVi: 'Tên bị đổi', nameEn: '' }) },
  'POST /admin/chuyen-muc/:id/xoa': { body: () => ({}) },
  'POST /admin/chuyen-muc/:id/len': { body: () => ({}) },
  'POST /admin/chuyen-muc/:id/xuong': { body: () => ({}) },
  'GET /admin/menu': { shows: true },
  'POST /admin/menu': {
    refsB: true,
    body: (f) => ({ labelVi: `Mục thử ${f.u}`, labelEn: '', kind: 'category', category: f.bCat.slug }),
  },
  'POST /admin/menu/:id/len': { body: () => ({}) },
  'POST /admin/menu/:id/xuong': { body: () => ({}) },
  'POST /admin/menu/:id/xoa': { body: () => ({}) },
  'GET /admin/ho-so': { shows: true },
  'POST /admin/ho-so': {
    refsB: true,
    body: (f) => ({
      provider: 'Cơ quan thử',
      kind: 'event_news',
      title: `Hồ sơ thử ${f.u}`,
      note: '',
      occurredAt: `${today()}T00:01`,
      mediaId: String(f.bMediaSecret.id),
    }),
  },
  'POST /admin/ho-so/:id/tao-tin': { body: () => ({ kind: 'article' }) },
  'GET /admin/phan-cong': { shows: true },
  'POST /admin/phan-cong': {
    refsB: true,
    body: (f) => ({
      event: `Sự kiện thử ${f.u}`,
      place: '',
      startsAt: `${Number(year()) + 1}-01-05T08:00`,
      assigneeId: String(f.bEditor.id),
      note: '',
    }),
  },
  'POST /admin/phan-cong/:id/tin': {
    body: (f) => ({ itemId: String(f.bPub.id) }),
    variants: (f) => [{ note: "A's assignment, B's item", params: { id: f.aAssignmentId } }],
  },
  'GET /admin/y-kien': { query: () => 'kind=question', shows: true },
  'GET /admin/y-kien/:id': {
    shows: true,
    variants: (f) => [{ note: "A's comment on B's consultation, hand-made", params: { id: f.aCommentId }, own: true }],
  },
  'POST /admin/y-kien/:id/tra-loi': { body: () => ({ answer: 'Trả lời bị chèn' }) },
  'POST /admin/y-kien/:id/go-cong-khai': { body: () => ({}) },
  'POST /admin/y-kien/:id/tu-choi': { body: () => ({ reason: 'Từ chối thử nghiệm' }) },
  // Only the Centre routes questions (B's own staff may not): its operator is the positive control.
  'POST /admin/y-kien/:id/chuyen': { body: (f) => ({ to: String(f.a.id) }), positive: 'operator@B' },
  'GET /admin/y-kien/:id/tep': { shows: false },
  'GET /admin/bao-cao': { query: (f) => `period=y-${year()}&site=${f.b.id}` },
  'GET /admin/bao-cao/in': { query: (f) => `period=y-${year()}&site=${f.b.id}` },
  'POST /admin/bao-cao/xuat': {
    body: (f) => ({ format: 'csv', period: `y-${year()}`, site: String(f.b.id) }),
    // The export runs after the answer (setImmediate): it is over when no job of these sites waits.
    background: async (sequelize, siteIds) =>
      (
        await sequelize.query<{ n: string }>(
          `SELECT count(*) AS n FROM report_exports WHERE tenant_id IN (:siteIds) AND status IN ('queued', 'running')`,
          { replacements: { siteIds }, type: QueryTypes.SELECT },
        )
      )[0]!.n === '0',
  },
  'GET /admin/bao-cao/xuat/:id': { shows: false },
  'GET /admin/bao-cao/xuat/:id/tai': { shows: false },
  'GET /admin/tin-bai/:id/nhuan-but': {
    shows: true,
    variants: (f) => [
      { note: "A's item, which B's royalty entry names (hand-made)", params: { id: f.aPub.id }, own: true },
    ],
  },
  'POST /admin/tin-bai/:id/nhuan-but': {
    body: () => ({ personName: 'Người nhận thử', role: 'author', genreCode: 'tin', coefficient: '1', share: '50' }),
  },
  'POST /admin/tin-bai/:id/nhuan-but/:entry/xoa': {
    body: () => ({}),
    variants: (f) => [{ note: "A's item, B's entry", params: { id: f.aPub.id } }],
  },
  'GET /admin/nhuan-but': { query: (f) => `period=y-${year()}&site=${f.b.id}`, shows: true },
  'GET /admin/nhuan-but/xuat.:format': { query: (f) => `period=y-${year()}&site=${f.b.id}`, shows: true },
  'GET /admin/van-hanh': { query: () => `period=y-${year()}` },
  'GET /admin/quang-cao': { query: () => `period=y-${year()}` },
  'GET /admin/nhat-ky': { query: (f) => `site=${f.b.id}&person=${f.bEditor.id}`, shows: true },
  'GET /admin/nhat-ky.csv': { query: (f) => `site=${f.b.id}&person=${f.bEditor.id}`, shows: true },
  'GET /admin/tin-bai/:id/chia-se': { shows: true },
  'POST /admin/tin-bai/:id/chia-se': { body: (f) => ({ targetIds: [String(f.a.id)] }) },
  'GET /admin/chia-se': { shows: true },
  'POST /admin/chia-se/:id/nhan': { body: () => ({}) },
  'POST /admin/chia-se/:id/tu-choi': { body: () => ({}) },

  // Public pages that read B's ids or words from the query.
  'GET /tim-kiem': { query: (f) => `q=${f.word}&site=${f.b.id}`, shows: true },
  'GET /search': { query: (f) => `q=${f.word}&site=${f.b.id}`, shows: true },
  // Whoever holds a tracking code reads what was sent (that is its purpose), on the site that holds
  // it: there B's back-office words show; never on A's host.
  'GET /tra-cuu': { query: (f) => `ma=${f.bQuestion.trackingCode}`, shows: true, secretOnB: true },
  'GET /hoi-dap/gui': { query: (f) => `noi=${f.b.id}` },
  'GET /phan-anh-kien-nghi/gui': { query: (f) => `noi=${f.b.id}` },
  'GET /api/v1/items': { query: () => 'kind=article', shows: true },
  'GET /api/v1/items/:kind/:slug': { variants: aWithB },
  'GET /tin-tuc/:slug': { variants: aWithB },
  'GET /lay-y-kien/:slug': {
    variants: (f) => [
      {
        note: "A's consultation, which B's comment names (hand-made)",
        params: { slug: f.aConsultationSlug },
        own: true,
      },
    ],
  },
  'GET /media/:file': { secretRow: true },
  // Citizens' forms.
  'POST /hoi-dap/gui': { body: citizen, formPage: '/hoi-dap/gui' },
  'POST /phan-anh-kien-nghi/gui': { body: citizen, formPage: '/phan-anh-kien-nghi/gui' },
  'POST /lay-y-kien/:slug/gop-y': { body: citizen, formPage: '/hoi-dap/gui' },
  'POST /danh-gia': { body: (f) => ({ target: `/tin-tuc/a-tin-${f.u}`, score: '5' }) },
};

/** State-changing routes that end or undo something: their positive controls go last, in this order. */
export const LAST = [
  /\/(xoa|tu-choi|go|go-cong-khai|thu-hoi|khoa|vo-hieu|dat-lai-mat-khau|dat-lai-xac-thuc)$/,
  /\/trang-thai$/,
];

/** Public pages where B's public marker must show on B's own host (the positive control). */
export const PUBLIC_SHOWS = (r: RouteEntry, ofB: boolean) =>
  ofB || /^\/(|tin-tuc|news|rss\.xml|api\/v1\/items|hoi-dap|phan-anh-kien-nghi|lay-y-kien|consultations)$/.test(r.path);
