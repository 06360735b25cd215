// The world of the route contract test: site A (whose staff attacks), site B (whose rows are
// attacked: one of every kind a route takes an id of), site C (which offers B an item), the
// people, and the signed-in sessions. Every text of B carries a marker: `zqb<u>s` where only B's
// staff (or the Centre) may read it, `zqb<u>p` where B's public pages show it. Each also carries
// the plain word `tkb<u>`, which queries use, so that a page echoing a query never echoes a marker.
import path from 'node:path';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import type { ActionContext } from '../../../server/audit/audit.service';
import { actorFrom } from '../../../server/auth/access';
import { Grant } from '../../../server/auth/grant.model';
import { hashPassword } from '../../../server/auth/password';
import { Person } from '../../../server/auth/person.model';
import type { Role } from '../../../server/auth/roles';
import { createPlacement } from '../../../server/ads/ads.service';
import { createCategory, addMenuItem } from '../../../server/content/categories.service';
import { Category, MenuItem } from '../../../server/content/category.model';
import { createItem, saveItem, stepItem } from '../../../server/content/content.service';
import { Item, ItemRevision } from '../../../server/content/item.model';
import { KINDS } from '../../../server/content/kinds';
import { pruneSearchWords } from '../../../server/content/search-words';
import { assignCoverage, submitInformation } from '../../../server/content/submissions.service';
import { offerItem } from '../../../server/content/syndication.service';
import { Syndication } from '../../../server/content/syndication.model';
import { vnDay } from '../../../server/calendar/working-calendar';
import { LocalFileStore } from '../../../server/media/file-store';
import { uploadMedia } from '../../../server/media/media.service';
import type { Media } from '../../../server/media/media.model';
import { PrivateFiles } from '../../../server/media/private-files';
import { recordIncident } from '../../../server/ops/incidents.service';
import { answerParticipation, submitParticipation } from '../../../server/participation/participation.service';
import type { Participation } from '../../../server/participation/participation.model';
import { presetPeriod } from '../../../server/reports/period';
import { requestExport, runExport } from '../../../server/reports/export.service';
import { recordRoyalty } from '../../../server/royalties/royalty.service';
import { DEMO_TOTP_SECRET } from '../../../server/seed/demo-accounts';
import { Tenant } from '../../../tenants/tenant.model';
import type { Site } from '../../../tenants/tenant.types';
import { Browser } from '../browser';
import { uid, type TestPlatform } from '../test-platform';

export const PORTAL_HOST = 'tuyenquang.localhost';
export const PASSWORD = 'Mat-khau-hop-dong-2026';
/** A PDF whose bytes carry a marker: a file that leaks shows it like a page would. */
const pdf = (marker: string) => Buffer.from(`%PDF-1.4\n% ${marker}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
const png = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#204060' } })
    .png()
    .toBuffer();

/** A random client address, so that the per-IP limits of other test files never meet this one's. */
export const randomIp = () => `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

/** A signed-in (or anonymous) browser on one host, with its CSRF token. */
export interface Session {
  browser: Browser;
  host: string;
  ip: string;
  csrf: string;
}

export interface Fixtures {
  u: string;
  /** The word every text of B carries (queries use it). */
  word: string;
  /** B's markers: secret (back office only) and public (B's public pages). */
  secret: string;
  public: string;
  a: Site;
  b: Site;
  c: Site;
  hostA: string;
  hostB: string;
  staffA: Person;
  ownerB: Person;
  operator: Person;
  bAdmin: Person;
  bEditor: Person;
  bLocked: Person;
  bEditorGrant: Grant;
  /** B's categories: one in the middle (items use it), the first, one nothing uses (to delete). */
  bCat: Category;
  bCatFirst: Category;
  bCatLoose: Category;
  bMenu: MenuItem;
  bMenuFirst: MenuItem;
  bMediaSecret: Media;
  bMediaPublic: Media;
  /** A file nothing uses (to delete). */
  bMediaLoose: Media;
  bImage: Media;
  aDraft: Item;
  aPub: Item;
  aAssignmentId: number;
  /** A's item naming B's file and image (hand-made). */
  aWithB: Item;
  /** A's comment naming B's consultation (hand-made). */
  aCommentId: number;
  /** A's consultation, which a published comment of B names (hand-made). */
  aConsultationSlug: string;
  bDraft: Item;
  bSubmitted: Item;
  bPub: Item;
  bPubWorkingRev: ItemRevision;
  /** B's published item of each kind, per locale: kind code → slug. */
  bSlugs: Record<'vi' | 'en', Record<string, string>>;
  /** B's published English article. */
  bEnArticleId: number;
  bConsultationSlug: string;
  bQuestion: Participation;
  /** Another received question (for the portal's routing). */
  bQuestion2: Participation;
  bQuestionPub: Participation;
  bFeedbackPub: Participation;
  bComment: Participation;
  bSubmissionId: number;
  /** A submission without a file (turning it into an item needs nothing else of B). */
  bSubmission2Id: number;
  bAssignmentId: number;
  bRoyaltyEntryId: number;
  /** Another entry, unpaid (to delete). */
  bRoyaltyEntry2Id: number;
  bExportId: number;
  bAdId: number;
  bIncidentId: number;
  /** C's offer of an item to B, not yet decided. */
  offerToB: Syndication;
}

async function person(
  p: TestPlatform,
  email: string,
  fullName: string,
  grants: { role: Role; siteId: number | null }[],
  opts: { secondFactor?: boolean; status?: 'active' | 'locked' } = {},
) {
  const who = await Person.create({
    email,
    fullName,
    unit: null,
    phone: null,
    passwordHash: await hashPassword(PASSWORD),
    mustChangePassword: false,
    totpSecret: opts.secondFactor ? p.secrets.seal(DEMO_TOTP_SECRET) : null,
    totpEnabledAt: opts.secondFactor ? new Date() : null,
    lastSignInAt: null,
    ...(opts.status ? { status: opts.status } : {}),
  });
  const made: Grant[] = [];
  for (const g of grants)
    made.push(
      await Grant.create({
        personId: who.id,
        tenantId: g.siteId,
        role: g.role,
        boardPosition: null,
        grantedBy: null,
        expiresAt: null,
        revokedBy: null,
        revokedAt: null,
        revokeReason: null,
      }),
    );
  const ctx: ActionContext = { actor: actorFrom(who, made), ip: '127.0.0.1' };
  return { person: who, grants: made, ctx };
}

const SITE_STAFF: Role[] = ['site_admin', 'approver', 'editor'];

/** Signs a person in on a host (with the demo second factor) and reads a CSRF token there. */
export async function signIn(p: TestPlatform, host: string, email: string, ip = randomIp()): Promise<Session> {
  const browser = new Browser(p.server, { 'x-forwarded-for': ip });
  const res = await browser.signIn(host, email, PASSWORD, { totpSecret: DEMO_TOTP_SECRET });
  if (res.status !== 303) throw new Error(`sign-in of ${email} on ${host} answered ${res.status}`);
  return { browser, host, ip, csrf: await browser.csrf(host, '/admin/tai-khoan/mat-khau') };
}

/** An anonymous visitor of a host's back office, with the CSRF token of its (anonymous) session. */
export async function anonymous(p: TestPlatform, host: string): Promise<Session> {
  const ip = randomIp();
  const browser = new Browser(p.server, { 'x-forwarded-for': ip });
  return { browser, host, ip, csrf: await browser.csrf(host, '/admin/dang-nhap') };
}

export async function createFixtures(p: TestPlatform, dataDir: string): Promise<Fixtures> {
  const u = uid();
  const word = `tkb${u}`;
  const S = `zqb${u}s`;
  const P = `zqb${u}p`;
  const site = async (slug: string, nameVi: string) => {
    const t = await p.createSite({
      slug,
      nameVi,
      nameEn: `${nameVi} (EN)`,
      kind: 'commune',
      theme: 'coso',
      primaryHost: `${slug}.test`,
      languages: ['vi', 'en'],
    });
    return p.registry.get(t.id)!;
  };
  const a = await site(`hd-a-${u}`, `Xã A ${u}`);
  const b = await site(`hd-b-${u}`, `Xã B ${u}`);
  const c = await site(`hd-c-${u}`, `Xã C ${u}`);
  const deps = { sequelize: p.sequelize, cache: p.cache, registry: p.registry };
  const store = new LocalFileStore(path.join(dataDir, 'media'));
  const mediaDeps = { sequelize: p.sequelize, store };

  // People. Staff of A holds every strong role of A, and nothing anywhere else.
  const staffA = await person(
    p,
    `nhan-vien-a-${u}@thu.vn`,
    `Nhân viên A ${u}`,
    SITE_STAFF.map((role) => ({ role, siteId: a.id })),
    { secondFactor: true },
  );
  const ownerB = await person(
    p,
    `${S}-chu@thu.vn`,
    `Chủ trang B ${word} ${S}`,
    SITE_STAFF.map((role) => ({ role, siteId: b.id })),
    { secondFactor: true },
  );
  const operator = await person(
    p,
    `van-hanh-${u}@thu.vn`,
    `Vận hành ${u}`,
    [
      { role: 'operator', siteId: null },
      { role: 'sysadmin', siteId: null },
    ],
    { secondFactor: true },
  );
  const bAdmin = await person(
    p,
    `quan-tri-b-${u}@thu.vn`,
    `Quản trị B ${word} ${S}`,
    [{ role: 'site_admin', siteId: b.id }],
    {
      secondFactor: true,
    },
  );
  const bEditor = await person(p, `${S}-bt@thu.vn`, `Biên tập B ${word} ${S}`, [{ role: 'editor', siteId: b.id }]);
  const bLocked = await person(p, `${S}-khoa@thu.vn`, `Bị khóa B ${word} ${S}`, [{ role: 'editor', siteId: b.id }], {
    status: 'locked',
  });
  const cStaff = await person(p, `nhan-vien-c-${u}@thu.vn`, `Nhân viên C ${u}`, [
    { role: 'editor', siteId: c.id },
    { role: 'approver', siteId: c.id },
  ]);
  const cApprover = await person(p, `duyet-c-${u}@thu.vn`, `Duyệt C ${u}`, [{ role: 'approver', siteId: c.id }]);

  // Categories and menu items of B: three of each, so that each can move up or down.
  const category = async (name: string, slug: string) => {
    await createCategory(deps, ownerB.ctx, b, { nameVi: name, nameEn: '', slug });
    return (await Category.findOne({ where: { tenantId: b.id, slug } }))!;
  };
  const bCatFirst = await category(`Chuyên mục đầu ${word}`, `cm-dau-${u}`);
  const bCat = await category(`Chuyên mục ${word} ${P}c`, `cm-b-${u}`);
  const bCatLoose = await category(`Chuyên mục trống ${word} ${P}c`, `cm-trong-${u}`);
  for (const [label, target] of [
    [`Menu đầu ${word}`, '/tin-tuc'],
    [`Menu ${word} ${P}m`, `category:cm-b-${u}`],
    [`Menu cuối ${word}`, '/lien-he'],
  ])
    await addMenuItem(deps, ownerB.ctx, b, { labelVi: label, labelEn: '', target });
  const menus = await MenuItem.findAll({ where: { tenantId: b.id, menu: 'main' }, order: [['position', 'ASC']] });
  const bMenuFirst = menus[0]!;
  const bMenu = menus[1]!;

  // Files: one no published item uses (secret), one a published item attaches (public).
  const bMediaSecret = await uploadMedia(mediaDeps, bEditor.ctx, b.id, {
    bytes: pdf(S),
    name: `${word}-${S}-tep-mat.pdf`,
  });
  const bMediaPublic = await uploadMedia(mediaDeps, bEditor.ctx, b.id, {
    bytes: pdf(P),
    name: `${word}-${P}-tep-cong-khai.pdf`,
  });
  const bImage = await uploadMedia(mediaDeps, bEditor.ctx, b.id, { bytes: await png(), name: `${word}-${S}-anh.png` });
  const bMediaLoose = await uploadMedia(mediaDeps, bEditor.ctx, b.id, {
    bytes: pdf(S),
    name: `${word}-${S}-tep-le.pdf`,
  });

  // Items through the workflow: a draft, one awaiting review, one published with a new draft revision.
  const write = (title: string, extra: Record<string, unknown> = {}) =>
    createItem(deps, bEditor.ctx, b, 'article', { title, author: `Tác giả ${word}`, summary: title, ...extra });
  const bDraft = await write(`Nháp ${word} ${S}1`, { categoryIds: [String(bCat.id)] });
  const bSubmitted = await write(`Chờ duyệt ${word} ${S}2`);
  await stepItem(deps, bEditor.ctx, b, bSubmitted.id, 'submit');
  const pub = await write(`Đã đăng ${word} ${P}1`, {
    attachmentIds: [String(bMediaPublic.id)],
    categoryIds: [String(bCat.id)],
  });
  await stepItem(deps, bEditor.ctx, b, pub.id, 'submit');
  await stepItem(deps, ownerB.ctx, b, pub.id, 'approve');
  await Item.update({ slug: `b-da-dang-${u}` }, { where: { id: pub.id } });
  await saveItem(deps, bEditor.ctx, b, pub.id, {
    title: `Bản sửa ${word} ${S}3`,
    author: `Tác giả ${word}`,
    summary: `Tóm tắt sửa ${S}3`,
    categoryIds: [String(bCat.id)],
  });
  const bPub = (await Item.findByPk(pub.id))!;
  const bPubWorkingRev = (await ItemRevision.findByPk(bPub.workingRevisionId!))!;

  // A published item of every kind, in each language, as an import would leave it.
  const today = vnDay(new Date());
  const shift = (days: number) => vnDay(new Date(Date.now() + days * 86400_000));
  // Every field filled: text fields carry B's public marker (the libraries list their values as
  // filters), dates are valid (a consultation is open), selects take their first option.
  const dataOf = (code: string): Record<string, string> => {
    const kind = KINDS.find((k) => k.code === code)!;
    const data: Record<string, string> = {};
    for (const field of kind.fields)
      data[field.name] =
        field.type === 'date'
          ? today
          : field.type === 'select'
            ? (field.options?.[0]?.value ?? '')
            : field.type === 'email'
              ? 'gopy@thu.vn'
              : `${field.label} ${P}d`;
    if (code === 'consultation') Object.assign(data, { opensOn: shift(-3), closesOn: shift(30) });
    if (code === 'schedule') data.weekStart = shift(-1);
    return data;
  };
  const bSlugs: Fixtures['bSlugs'] = { vi: {}, en: {} };
  for (const kind of KINDS)
    for (const locale of ['vi', 'en'] as const) {
      const slug = `b-${locale}-${kind.path.vi}-${u}`;
      await p.addItem(b as never, {
        kind: kind.code,
        locale,
        slug,
        title: `${kind.label} ${word} ${P}k`,
        summary: `Tóm tắt ${word} ${P}k`,
        body: `<p>Nội dung ${word} ${P}k</p>`,
        author: 'Văn phòng',
        data: dataOf(kind.code),
      });
      bSlugs[locale][kind.code] = slug;
    }
  const bConsultationSlug = bSlugs.vi.consultation!;
  const bEnArticle = (await Item.findOne({ where: { tenantId: b.id, slug: bSlugs.en.article! } }))!;
  const consultation = (await Item.findOne({ where: { tenantId: b.id, slug: bConsultationSlug } }))!;
  // A's own rows, for requests that name one of B's rows beside A's own (an A item with B's
  // revision, A's assignment with B's item…): each scope check is then tried alone.
  await p.addItem(a as never, { kind: 'article', slug: `a-tin-${u}`, title: `Tin của A ${u}` });
  const aEditor = await person(p, `bien-tap-a-${u}@thu.vn`, `Biên tập A ${u}`, [{ role: 'editor', siteId: a.id }]);
  const aDraft = await createItem(deps, aEditor.ctx, a, 'article', { title: `Nháp của A ${u}`, author: 'A' });
  const aPub = await createItem(deps, aEditor.ctx, a, 'article', { title: `Tin đăng của A ${u}`, author: 'A' });
  await stepItem(deps, aEditor.ctx, a, aPub.id, 'submit');
  await stepItem(deps, staffA.ctx, a, aPub.id, 'approve');
  const aAssignment = await assignCoverage(p.sequelize, staffA.ctx, a, {
    event: `Sự kiện của A ${u}`,
    place: '',
    startsAt: new Date(Date.now() + 86400_000).toISOString(),
    assigneeId: String(aEditor.person.id),
    note: '',
  });

  // Citizens' participation: received (with a file), published question and feedback, a comment.
  const pdeps = { sequelize: p.sequelize, cache: p.cache, files: new PrivateFiles(path.join(dataDir, 'private')) };
  // The Committee's decision approving B (the console serves it to operators).
  await Tenant.update({ approvalFile: await pdeps.files.save('decision', pdf(S)) }, { where: { id: b.id } });
  const citizen = (subject: string, email: string) => ({
    senderName: `Công dân ${word}`,
    senderEmail: email,
    senderPhone: '0912345678',
    subject,
    content: `Nội dung ${subject} ${S} dài hơn mười ký tự`,
  });
  const bQuestion = await submitParticipation(
    pdeps,
    { ip: null },
    b,
    'question',
    citizen(`Câu hỏi ${word} ${S}4`, `${S}-hoi@thu.vn`),
    { buffer: pdf(S), originalname: 'dinh-kem.pdf' },
  );
  const bQuestion2 = await submitParticipation(
    pdeps,
    { ip: null },
    b,
    'question',
    citizen(`Câu hỏi khác ${word} ${S}4`, `${S}-hoi2@thu.vn`),
    null,
  );
  const published = async (kind: 'question' | 'feedback', subject: string) => {
    const q = await submitParticipation(pdeps, { ip: null }, b, kind, citizen(subject, `${S}-cd@thu.vn`), null);
    await answerParticipation(pdeps, ownerB.ctx, b, q.id, {
      answer: `Trả lời ${word} ${P}a`,
      publish: 'on',
      publicSubject: subject.replace(S, P),
      publicContent: `Nội dung công khai ${word} ${P}`,
    });
    return q;
  };
  const bQuestionPub = await published('question', `Hỏi công khai ${word} ${S}q`);
  const bFeedbackPub = await published('feedback', `Phản ánh công khai ${word} ${S}f`);
  const bComment = await submitParticipation(
    pdeps,
    { ip: null },
    b,
    'comment',
    citizen(`Góp ý ${word} ${S}g`, `${S}-gy@thu.vn`),
    null,
    consultation,
  );

  // Information handed in, a coverage assignment, a royalty, a finished report export.
  const submission = await submitInformation(deps, bEditor.ctx, b, {
    provider: `Cơ quan ${word}`,
    kind: 'event_news',
    title: `Hồ sơ ${word} ${S}5`,
    note: `Ghi chú ${S}5`,
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    mediaId: String(bMediaSecret.id),
  });
  const submission2 = await submitInformation(deps, bEditor.ctx, b, {
    provider: `Cơ quan ${word}`,
    kind: 'signed_document',
    title: `Hồ sơ không tệp ${word} ${S}5`,
    note: '',
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
  });
  const assignment = await assignCoverage(p.sequelize, ownerB.ctx, b, {
    event: `Sự kiện ${word} ${S}6`,
    place: 'Hội trường',
    startsAt: new Date(Date.now() + 86400_000).toISOString(),
    assigneeId: String(bEditor.person.id),
    note: `Ghi chú ${S}6`,
  });
  const royalty = await recordRoyalty(p.sequelize, ownerB.ctx, b, bPub.id, {
    personName: `Người nhận ${word} ${S}7`,
    role: 'author',
    genreCode: 'tin',
    coefficient: '1',
    share: '50',
  });
  const royalty2 = await recordRoyalty(p.sequelize, ownerB.ctx, b, bPub.id, {
    personName: `Người chụp ảnh ${word} ${S}7`,
    role: 'photographer',
    genreCode: 'tin',
    coefficient: '1',
    share: '50',
  });
  const exportDeps = {
    sequelize: p.sequelize,
    files: pdeps.files,
    logger: p.logger,
    sites: () => p.registry.all().map((s) => ({ id: s.id, name: s.nameVi, kind: s.kind })),
  };
  const job = await requestExport(exportDeps, ownerB.ctx, b.id, false, 'csv', presetPeriod(`y-${today.slice(0, 4)}`)!, {
    siteIds: [b.id],
  });
  await runExport(exportDeps, job.id);

  // C offers B an item (its title is for B's staff only until B accepts it).
  const cItem = await createItem(deps, cStaff.ctx, c, 'announcement', {
    title: `Chia sẻ ${word} ${S}8`,
    author: 'Văn phòng C',
    summary: `Tóm tắt ${S}8`,
  });
  await stepItem(deps, cStaff.ctx, c, cItem.id, 'submit');
  await stepItem(deps, cApprover.ctx, c, cItem.id, 'approve');
  await offerItem(deps, cApprover.ctx, c, cItem.id, [b.id]);
  const offerToB = (await Syndication.findOne({ where: { itemId: cItem.id, targetTenantId: b.id } }))!;

  // The Centre's rows that name B: an advertisement on B alone, an incident on B.
  const bAdId = await createPlacement(
    {
      sequelize: p.sequelize,
      cache: p.cache,
      store,
      portalId: () => p.registry.portal()!.id,
    },
    operator.ctx,
    {
      slot: 'sidebar',
      advertiser: `Nhà quảng cáo ${word} ${P}q`,
      title: `Quảng cáo ${word} ${P}q`,
      linkUrl: 'https://example.com/quang-cao',
      startsOn: shift(-1),
      endsOn: shift(30),
      siteIds: [String(b.id)],
    },
    { bytes: await png(), name: 'qc.png' },
  );
  const bIncidentId = (
    await recordIncident(p.sequelize, operator.ctx, {
      startsAt: new Date(Date.now() - 7200_000).toISOString(),
      endsAt: '',
      severity: 'medium',
      cause: `Sự cố ${word} ${S}9`,
      action: 'Đang khắc phục',
      siteIds: [String(b.id)],
    })
  ).id;

  // Rows of A that point at B's rows, as a bad import (or a trigger's bug) could leave them: no
  // service writes them, so only the reads' own site condition keeps B's data off A's pages. An
  // item of A with B's file attached and B's image as cover; a comment of A on B's consultation; a
  // published comment of B on A's consultation; a royalty entry of B on A's item.
  const aWithB = await p.addItem(a as never, {
    kind: 'article',
    slug: `a-voi-tep-b-${u}`,
    title: `Tin của A có tệp B ${u}`,
  });
  await Item.update({ attachmentIds: [bMediaPublic.id], coverMediaId: bImage.id }, { where: { id: aWithB.id } });
  const [aComment] = await p.sequelize.query<{ id: string }>(
    `INSERT INTO participations (tenant_id, kind, item_id, tracking_code, sender_name, sender_email, subject, content)
     VALUES (:site, 'comment', :item, :code, 'Người gửi', 'gui@thu.vn', 'Góp ý của A', 'Nội dung góp ý của A')
     RETURNING id`,
    {
      replacements: { site: a.id, item: consultation.id, code: `A${u}`.toUpperCase().padEnd(10, 'Z') },
      type: QueryTypes.SELECT,
    },
  );

  const aConsultation = await p.addItem(a as never, {
    kind: 'consultation',
    slug: `a-du-thao-${u}`,
    title: `Dự thảo của A ${u}`,
    data: { opensOn: shift(-3), closesOn: shift(30), receivingAddress: 'UBND xã A', receivingEmail: 'gopy@thu.vn' },
  });
  await p.sequelize.query(
    `INSERT INTO participations (tenant_id, kind, item_id, tracking_code, sender_name, sender_email, subject, content, status)
     VALUES (:site, 'comment', :item, :code, 'Người gửi B', 'gui@thu.vn', :subject, :subject, 'published')`,
    {
      replacements: {
        site: b.id,
        item: aConsultation.id,
        code: `B${u}`.toUpperCase().padEnd(10, 'Z'),
        subject: `Góp ý của B ${word} ${P}g`,
      },
    },
  );

  // A royalty entry of B naming A's published item.
  await p.sequelize.query(
    `INSERT INTO royalty_entries (tenant_id, item_id, person_name, role, genre_code, coefficient, share,
                                  base_salary, unit_value, amount, published_on, due_on)
     VALUES (:site, :item, :name, 'author', 'tin', 1, 1, 2340000, 234000, 234000, :day, :day)`,
    { replacements: { site: b.id, item: aPub.id, name: `Người nhận của B ${word} ${S}7`, day: today } },
  );

  // Nothing of these sites is left for the search-word upkeep to change while the test runs.
  for (let i = 0; i < 50; i++) {
    const [queued] = await p.sequelize.query<{ n: string }>(
      'SELECT count(*) AS n FROM search_words_recheck WHERE tenant_id IN (:sites)',
      { replacements: { sites: [a.id, b.id, c.id] }, type: QueryTypes.SELECT },
    );
    if (Number(queued!.n) === 0) break;
    await pruneSearchWords(p.sequelize);
  }
  for (const s of [a, b, c]) await p.cache.bumpTenantVersion(s.id);

  return {
    u,
    word,
    secret: S,
    public: P,
    a,
    b,
    c,
    hostA: `${a.slug}.test`,
    hostB: `${b.slug}.test`,
    staffA: staffA.person,
    ownerB: ownerB.person,
    operator: operator.person,
    bAdmin: bAdmin.person,
    bEditor: bEditor.person,
    bLocked: bLocked.person,
    bEditorGrant: bEditor.grants[0]!,
    bCat,
    bCatFirst,
    bCatLoose,
    bMenu,
    bMenuFirst,
    bMediaSecret,
    bMediaPublic,
    bMediaLoose,
    bImage,
    aDraft,
    aPub,
    aAssignmentId: aAssignment.id,
    aWithB,
    aCommentId: Number(aComment!.id),
    aConsultationSlug: aConsultation.slug,
    bDraft,
    bSubmitted,
    bPub,
    bPubWorkingRev,
    bSlugs,
    bEnArticleId: bEnArticle.id,
    bConsultationSlug,
    bQuestion,
    bQuestion2,
    bQuestionPub,
    bFeedbackPub,
    bComment,
    bSubmissionId: submission.id,
    bSubmission2Id: submission2.id,
    bAssignmentId: assignment.id,
    bRoyaltyEntryId: royalty.id,
    bRoyaltyEntry2Id: royalty2.id,
    bExportId: job.id,
    bAdId,
    bIncidentId,
    offerToB,
  };
}
