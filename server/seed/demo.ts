// The demo: the provincial portal and six sub-sites of Tuyên Quang, some on sub-domains of the
// portal's domain and some on path prefixes of the portal, each with sample items. Idempotent:
// a site that already exists is left as it is.
import { newTrackingCode } from '../participation/participation.service';
import { Participation } from '../participation/participation.model';
import { Item } from '../content/item.model';
import type { Platform } from '../platform';
import { createSite, type SiteInput } from '../../tenants/provisioning';
import { Tenant } from '../../tenants/tenant.model';
import { slugify } from '../text/slugify';
import { DEMO_TOTP_SECRET, seedDemoAccounts } from './demo-accounts';
import { portalSiteInput } from '../setup/first-install';
import { newTotpSecret } from '../auth/totp';
import { applyBlueprint } from '../../tenants/blueprints';
import { Category } from '../content/category.model';

const DEMO_NOTE = 'Dữ liệu mẫu để trình diễn';

/**
 * Domains that can never be a real site on the Internet: localhost (RFC 6761) and the names
 * reserved for tests and examples (RFC 2606). Only there may the demo run with its published
 * password and second-factor secret.
 */
export function isLocalDomain(domain: string): boolean {
  return /(^|\.)(localhost|test|example|invalid)$/i.test(domain);
}

export class DemoRefusedError extends Error {
  constructor(domain: string) {
    super(
      `Không tạo dữ liệu mẫu trên tên miền thật ${domain}: tài khoản mẫu có mật khẩu và khóa 2FA công khai. ` +
        'Dùng `npm run setup` để cài đặt thật, hoặc thêm --force để tạo dữ liệu mẫu với mật khẩu và khóa 2FA mới.',
    );
  }
}

export function demoSites(domain: string): SiteInput[] {
  const contact = (agencyName: string, address: string, phone: string, email: string) => ({
    agencyName,
    address,
    phone,
    email,
    responsiblePerson: 'Trưởng Ban Biên tập',
    licence: `${DEMO_NOTE}. Giấy phép thiết lập trang thông tin điện tử số 01/GP-MẪU (số mẫu; quản trị trang thay số thật trong Cài đặt).`,
  });
  /** A sub-site on a sub-domain of the portal ('host') or on a path prefix of it. */
  const sub = (
    slug: string,
    [nameVi, nameEn]: [string, string?],
    kind: SiteInput['kind'],
    [colorPrimary, colorAccent]: [string, string],
    where: 'host' | `/${string}`,
    place: string,
    phone: string,
    english = false,
  ): SiteInput => ({
    slug,
    nameVi,
    ...(nameEn ? { nameEn } : {}),
    kind,
    theme: 'coso',
    ...(english ? { languages: ['vi', 'en'] } : {}),
    themeSettings: { colorPrimary, colorAccent },
    ...(where === 'host' ? { primaryHost: `${slug}.${domain}` } : { pathPrefix: where }),
    contact: contact(
      kind === 'department' ? nameVi : `Ủy ban nhân dân ${nameVi.replace(/^(Phường|Xã)/, (w) => w.toLowerCase())}`,
      `${place}, tỉnh Tuyên Quang`,
      `0207 3822 ${phone}`,
      `${slug}@${domain}`,
    ),
  });
  return [
    {
      ...portalSiteInput(domain), // the portal as `npm run setup` makes it, with sample contacts
      contact: contact(
        'Ủy ban nhân dân tỉnh Tuyên Quang',
        'Số 160 đường Trần Hưng Đạo, phường Minh Xuân, tỉnh Tuyên Quang',
        '0207 3822 000',
        `ubnd@${domain}`,
      ),
    },
    // slug, name (and English name), kind, colours, where it lives, office address, phone
    sub(
      'stc',
      ['Sở Tài chính tỉnh Tuyên Quang', 'Department of Finance'],
      'department',
      ['#0b5d3b', '#b8860b'],
      'host',
      'Phường Minh Xuân',
      '100',
    ),
    sub(
      'skhcn',
      ['Sở Khoa học và Công nghệ tỉnh Tuyên Quang', 'Department of Science and Technology'],
      'department',
      ['#1d4e89', '#c0392b'],
      'host',
      'Phường Minh Xuân',
      '200',
      true,
    ),
    sub(
      'svhttdl',
      ['Sở Văn hóa, Thể thao và Du lịch tỉnh Tuyên Quang', 'Department of Culture, Sports and Tourism'],
      'department',
      ['#7a1f5c', '#d35400'],
      '/so-van-hoa-the-thao-du-lich',
      'Phường Phan Thiết',
      '300',
    ),
    sub(
      'minhxuan',
      ['Phường Minh Xuân'],
      'ward',
      ['#8b1a1a', '#1a6b8b'],
      '/phuong-minh-xuan',
      'Phường Minh Xuân',
      '400',
    ),
    sub(
      'nongtien',
      ['Phường Nông Tiến'],
      'ward',
      ['#2f5d1a', '#8b5a1a'],
      '/phuong-nong-tien',
      'Phường Nông Tiến',
      '500',
    ),
    sub('tantrao', ['Xã Tân Trào'], 'commune', ['#6b3a0b', '#0b6b5d'], 'host', 'Xã Tân Trào', '600'),
  ];
}

function sampleItems(
  name: string,
  shortName: string,
): { title: string; summary: string; body: string; featured?: boolean }[] {
  return [
    {
      title: `${name} triển khai nhiệm vụ chuyển đổi số năm 2026`,
      summary: `${shortName} ban hành kế hoạch chuyển đổi số, tập trung đưa dịch vụ công trực tuyến đến gần hơn với người dân và doanh nghiệp.`,
      body: `<p>${shortName} đã ban hành kế hoạch triển khai nhiệm vụ chuyển đổi số năm 2026, xác định các mục tiêu về dịch vụ công trực tuyến, số hóa hồ sơ và kỹ năng số cho cán bộ.</p><p>Kế hoạch giao nhiệm vụ cụ thể cho từng bộ phận, có thời hạn hoàn thành và chế độ báo cáo định kỳ.</p>`,
      featured: true,
    },
    {
      title: `Hội nghị sơ kết công tác 6 tháng đầu năm của ${shortName}`,
      summary: `Hội nghị đánh giá kết quả thực hiện nhiệm vụ 6 tháng đầu năm và đề ra giải pháp cho 6 tháng cuối năm.`,
      body: `<p>Tại hội nghị, các đại biểu đã thảo luận về những kết quả đạt được, những tồn tại, hạn chế và nguyên nhân, đồng thời thống nhất các nhóm giải pháp trọng tâm.</p>`,
    },
    {
      title: `Thông báo lịch tiếp công dân định kỳ của ${shortName}`,
      summary: `Lịch tiếp công dân định kỳ hằng tháng tại trụ sở cơ quan.`,
      body: `<p>Công dân có nhu cầu phản ánh, kiến nghị vui lòng mang theo giấy tờ tùy thân và tài liệu liên quan. Địa điểm và thời gian tiếp công dân được niêm yết tại trụ sở.</p>`,
    },
    {
      title: `${shortName} hưởng ứng Ngày Pháp luật Việt Nam`,
      summary: `Nhiều hoạt động tuyên truyền, phổ biến pháp luật được tổ chức hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam 9/11.`,
      body: `<p>Các hoạt động gồm treo băng rôn, khẩu hiệu, tổ chức tọa đàm và đăng tải tài liệu phổ biến pháp luật trên trang thông tin điện tử.</p>`,
    },
  ];
}

/** Demo sites that published late in the first half of 2026, for the reports to show. */
const LATE_DEMO_SITES = new Set(['tantrao', 'nongtien']);

/** One item of each of the typed kinds a citizen looks for first, so every home block has data. */
function typedItems(
  shortName: string,
  now: Date,
  /** Who signs and how documents are numbered: the People's Committee, or a department's director. */
  office: { code: string; head: string; deputy: string; number: number },
): { kind: string; title: string; summary: string | null; data: Record<string, string> }[] {
  const day = (offset: number) =>
    new Date(now.getTime() + (7 * 3600 + offset * 86400) * 1000).toISOString().slice(0, 10);
  // Monday of this week, Vietnam time.
  const dow = (new Date(now.getTime() + 7 * 3600_000).getUTCDay() + 6) % 7;
  const monday = day(-dow);
  const week = [0, 1, 2, 3, 4].map((d) => day(d - dow));
  return [
    {
      kind: 'legal_document',
      title: `Quyết định ban hành Kế hoạch cải cách hành chính năm 2026 của ${shortName}`,
      summary: 'Kế hoạch cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp.',
      data: {
        number: `${office.number}/QĐ-${office.code}`,
        form: 'quyet-dinh',
        issuingBody: shortName,
        signer: office.head,
        field: 'Cải cách hành chính',
        issuedOn: day(-20),
        effectiveOn: day(-20),
        status: 'in_force',
      },
    },
    {
      kind: 'procedure',
      title: 'Đăng ký khai sinh',
      summary: 'Thủ tục đăng ký khai sinh cho trẻ em sinh ra trên địa bàn.',
      data: {
        code: '1.001193',
        field: 'Hộ tịch',
        level: 'full',
        processingTime: 'Ngay trong ngày làm việc',
        fees: 'Miễn lệ phí',
        requiredDocuments: 'Tờ khai; giấy chứng sinh; giấy tờ tùy thân của người đi đăng ký.',
      },
    },
    {
      kind: 'schedule',
      title: `Lịch công tác tuần của lãnh đạo ${shortName}`,
      summary: null,
      data: {
        weekStart: monday,
        entries: [
          `${week[0]} | 08:00 | ${office.head} | Giao ban đầu tuần | Phòng họp số 1`,
          `${week[2]} | 14:00 | ${office.deputy} | Tiếp công dân định kỳ | Trụ sở tiếp công dân`,
          `${week[4]} | 08:00 | ${office.head} | Làm việc với các đơn vị về chuyển đổi số | Hội trường`,
        ].join('\n'),
      },
    },
    {
      kind: 'announcement',
      title: `Thông báo tuyển dụng công chức năm 2026 của ${shortName}`,
      summary: 'Thời hạn nhận hồ sơ đến hết ngày 31 tháng 12 năm 2026.',
      data: { validUntil: '2026-12-31' },
    },
    {
      kind: 'consultation',
      title: `Lấy ý kiến dự thảo Quy định quản lý chợ trên địa bàn (${shortName})`,
      summary: 'Mời người dân, doanh nghiệp góp ý dự thảo quy định.',
      data: {
        opensOn: day(-3),
        closesOn: day(27),
        receivingAddress: 'Văn phòng, trụ sở cơ quan',
        receivingEmail: 'gopy@tuyenquang.gov.vn',
      },
    },
  ];
}

const ENGLISH_ITEMS = [
  {
    title: 'Digital transformation plan for 2026 announced',
    summary: 'The plan brings online public services closer to citizens and businesses.',
    body: '<p>The plan sets targets for online public services, digitised records and digital skills for civil servants.</p>',
    featured: true,
  },
  {
    title: 'Mid-year review conference held',
    summary: 'The conference reviewed the results of the first six months and set priorities for the rest of the year.',
    body: '<p>Delegates discussed the results achieved, the remaining shortcomings and the main solutions for the second half of the year.</p>',
  },
];

export async function seedDemo(
  platform: Pick<Platform, 'sequelize' | 'registry' | 'cache' | 'renderer' | 'config' | 'secrets'>,
  opts: { force?: boolean } = {},
) {
  const local = isLocalDomain(platform.config.primaryDomain);
  if (!local && !opts.force) throw new DemoRefusedError(platform.config.primaryDomain);
  const deps = {
    sequelize: platform.sequelize,
    registry: platform.registry,
    cache: platform.cache,
    themeNames: [...platform.renderer.themes.keys()],
  };
  let sites = 0;
  let items = 0;
  const portalId = (await Tenant.findOne({ where: { slug: 'tuyenquang' } }))?.id ?? null;
  for (const input of demoSites(platform.config.primaryDomain)) {
    if (await Tenant.findOne({ where: { slug: input.slug } })) continue;
    const parentId =
      input.kind === 'province'
        ? null
        : (portalId ?? (await Tenant.findOne({ where: { slug: 'tuyenquang' } }))?.id ?? null);
    const site = await createSite(
      deps,
      { ...input, parentId },
      { inTransaction: (t, tx) => applyBlueprint(t.id, t.kind, tx).then(() => undefined) },
    );
    const newsCategory = await Category.findOne({ where: { tenantId: site.id, slug: 'tin-tuc-su-kien' } });
    sites++;
    const shortName =
      input.kind === 'province' ? 'UBND tỉnh Tuyên Quang' : input.nameVi.replace(/ tỉnh Tuyên Quang$/, '');
    const now = Date.now();
    const rows = [
      ...sampleItems(input.kind === 'province' ? 'Tỉnh Tuyên Quang' : input.nameVi, shortName).map((it, i) => ({
        ...it,
        locale: 'vi' as const,
        i,
      })),
      ...(input.languages?.includes('en') ? ENGLISH_ITEMS.map((it, i) => ({ ...it, locale: 'en' as const, i })) : []),
    ];
    const office =
      input.kind === 'department'
        ? { code: input.slug.toUpperCase(), head: 'Giám đốc', deputy: 'Phó Giám đốc' }
        : { code: 'UBND', head: 'Chủ tịch', deputy: 'Phó Chủ tịch' };
    for (const [i, t] of typedItems(shortName, new Date(now), { ...office, number: 100 + sites * 7 }).entries()) {
      await Item.create({
        tenantId: site.id,
        kind: t.kind,
        locale: 'vi',
        slug: slugify(t.title),
        title: t.title.normalize('NFC'),
        summary: t.summary?.normalize('NFC') ?? null,
        body: null,
        author: 'Ban Biên tập',
        source: input.nameVi,
        publication: 'published',
        data: t.data,
        publishedAt: new Date(now - (i + 2) * 24 * 3600 * 1000),
      });
      items++;
    }
    // Half a year of announcements with their deadlines, so that the reports have a history: two
    // a month from January to June 2026, on time everywhere except one in each month of the
    // demo's late publishers (a commune and a ward).
    for (let m = 1; m <= 6; m++)
      for (const k of [0, 1]) {
        const receivedAt = new Date(`2026-0${m}-${10 + k * 5}T08:00:00+07:00`);
        const dueAt = new Date(receivedAt.getTime() + 3 * 86400_000);
        const late = LATE_DEMO_SITES.has(input.slug) && k === 1;
        const publishedAt = new Date(late ? dueAt.getTime() + 2 * 86400_000 : receivedAt.getTime() + 86400_000);
        const title = `Thông báo số ${m}${k + 1}/2026 của ${shortName}`;
        await Item.create({
          tenantId: site.id,
          kind: 'announcement',
          locale: 'vi',
          slug: slugify(title),
          title,
          summary: null,
          body: null,
          author: 'Văn phòng',
          source: input.nameVi,
          publication: 'published',
          receivedAt,
          deadlineClass: 'administrative',
          dueAt,
          submittedAt: new Date(publishedAt.getTime() - 4 * 3600_000),
          publishedAt,
          publishedLate: late,
        });
        items++;
      }
    await Participation.create({
      tenantId: site.id,
      kind: 'question',
      itemId: null,
      trackingCode: newTrackingCode(),
      senderName: 'Nguyễn Văn An',
      senderEmail: 'nguoidan@example.vn',
      senderPhone: null,
      senderAddress: null,
      subject: 'Làm căn cước cho trẻ em dưới 14 tuổi ở đâu?',
      content: 'Con tôi 10 tuổi, tôi muốn làm căn cước cho cháu thì nộp hồ sơ ở đâu và cần giấy tờ gì?',
      attachmentKey: null,
      attachmentName: null,
      attachmentMime: null,
      status: 'published',
      routedFrom: null,
      answer:
        'Cha, mẹ hoặc người giám hộ nộp hồ sơ tại Công an cấp xã nơi cư trú hoặc trực tuyến trên ứng dụng định danh điện tử; trẻ dưới 6 tuổi không cần thu nhận vân tay.',
      answeredBy: null,
      answeredAt: new Date(now - 24 * 3600 * 1000),
      rejectReason: null,
      handledBy: null,
      handledAt: new Date(now - 24 * 3600 * 1000),
      createdAt: new Date(now - 3 * 24 * 3600 * 1000), // asked before it was answered
    });
    // The English items translate the first Vietnamese ones: each page links the other (hreflang).
    const vietnamese = new Map<number, number>();
    for (const row of rows) {
      const created = await Item.create({
        tenantId: site.id,
        kind: 'article',
        locale: row.locale,
        translationOf: row.locale === 'en' ? (vietnamese.get(row.i) ?? null) : null,
        slug: slugify(row.title),
        title: row.title.normalize('NFC'),
        summary: row.summary.normalize('NFC'),
        body: row.body.normalize('NFC'),
        author: row.locale === 'vi' ? 'Ban Biên tập' : 'Editorial Board',
        source: input.nameVi,
        featured: row.featured ?? false,
        publication: 'published',
        categoryIds: newsCategory ? [newsCategory.id] : [],
        publishedAt: new Date(now - (row.i + 1) * 36 * 3600 * 1000),
      });
      if (row.locale === 'vi') vietnamese.set(row.i, created.id);
      items++;
    }
  }
  await platform.registry.announceChange();
  const accounts = await seedDemoAccounts({
    sequelize: platform.sequelize,
    secrets: platform.secrets,
    domain: platform.config.primaryDomain,
    demoPassword: platform.config.demoPassword ?? undefined,
    // The published secret only where no real site can be: elsewhere a fresh one, printed once.
    totpSecret: local ? DEMO_TOTP_SECRET : newTotpSecret(),
  });
  return { sites, items, accounts };
}
