// Default category trees and menus for each kind of site, following Art 4's list of content and
// what a department or a commune needs. A new site starts with these; its administrator edits
// them afterwards.
import type { Transaction } from 'sequelize';
import { Category, MenuItem } from '../server/content/category.model';
import type { TenantKind } from './tenant.types';

interface CategorySeed {
  slug: string;
  vi: string;
  en: string;
  children?: CategorySeed[];
}

const COMMON: CategorySeed[] = [
  { slug: 'tin-tuc-su-kien', vi: 'Tin tức, sự kiện', en: 'News and events' },
  {
    slug: 'chi-dao-dieu-hanh',
    vi: 'Chỉ đạo, điều hành',
    en: 'Direction and administration',
    children: [
      { slug: 'lich-cong-tac', vi: 'Lịch công tác', en: 'Work schedule' },
      { slug: 'thong-bao', vi: 'Thông báo', en: 'Announcements' },
      { slug: 'tuyen-dung', vi: 'Tuyển dụng', en: 'Recruitment' },
    ],
  },
  { slug: 'van-ban', vi: 'Văn bản', en: 'Legal documents' },
  { slug: 'thu-tuc-hanh-chinh', vi: 'Thủ tục hành chính', en: 'Administrative procedures' },
  { slug: 'lay-y-kien', vi: 'Lấy ý kiến dự thảo', en: 'Public consultation' },
  { slug: 'hoi-dap', vi: 'Hỏi đáp', en: 'Questions and answers' },
  { slug: 'tiep-can-thong-tin', vi: 'Tiếp cận thông tin', en: 'Access to information' },
];

const BY_KIND: Record<TenantKind, CategorySeed[]> = {
  province: [
    {
      slug: 'gioi-thieu',
      vi: 'Giới thiệu',
      en: 'About Tuyen Quang',
      children: [
        { slug: 'tong-quan', vi: 'Tổng quan', en: 'Overview' },
        { slug: 'lich-su-van-hoa', vi: 'Lịch sử, văn hóa', en: 'History and culture' },
        { slug: 'du-lich', vi: 'Du lịch', en: 'Tourism' },
        { slug: 'tiem-nang-kinh-te', vi: 'Tiềm năng kinh tế', en: 'Economic potential' },
        { slug: 'ban-do-hanh-chinh', vi: 'Bản đồ hành chính', en: 'Administrative map' },
      ],
    },
    { slug: 'to-chuc-bo-may', vi: 'Tổ chức bộ máy', en: 'Organisation' },
    ...COMMON,
    { slug: 'chuong-trinh-ke-hoach', vi: 'Chương trình, kế hoạch', en: 'Programmes and plans' },
    { slug: 'quy-hoach', vi: 'Chiến lược, quy hoạch', en: 'Strategies and master plans' },
    { slug: 'du-an-dau-tu', vi: 'Dự án đầu tư, đấu thầu, mua sắm công', en: 'Investment projects and procurement' },
    { slug: 'ngan-sach', vi: 'Công khai ngân sách', en: 'Public budget reports' },
    { slug: 'thong-ke', vi: 'Số liệu thống kê', en: 'Statistics' },
    { slug: 'khoa-hoc-cong-nghe', vi: 'Chương trình, đề tài khoa học', en: 'Science programmes' },
    { slug: 'du-lieu-mo', vi: 'Dữ liệu mở', en: 'Open data' },
  ],
  department: [
    {
      slug: 'gioi-thieu',
      vi: 'Giới thiệu',
      en: 'About',
      children: [
        { slug: 'chuc-nang-nhiem-vu', vi: 'Chức năng, nhiệm vụ', en: 'Functions and duties' },
        { slug: 'co-cau-to-chuc', vi: 'Cơ cấu tổ chức', en: 'Organisation' },
        { slug: 'lanh-dao', vi: 'Lãnh đạo', en: 'Leadership' },
      ],
    },
    ...COMMON,
    { slug: 'chuyen-nganh', vi: 'Thông tin chuyên ngành', en: 'Sector information' },
    { slug: 'du-an-dau-tu', vi: 'Dự án, đấu thầu', en: 'Projects and procurement' },
    { slug: 'ngan-sach', vi: 'Công khai ngân sách', en: 'Public budget reports' },
  ],
  agency: [],
  commune: [
    {
      slug: 'gioi-thieu',
      vi: 'Giới thiệu',
      en: 'About',
      children: [
        { slug: 'tong-quan', vi: 'Tổng quan', en: 'Overview' },
        { slug: 'bo-may', vi: 'Bộ máy chính quyền', en: 'Local government' },
        { slug: 'ban-do-hanh-chinh', vi: 'Bản đồ địa giới hành chính', en: 'Boundary map' },
      ],
    },
    ...COMMON,
    { slug: 'ngan-sach', vi: 'Công khai ngân sách', en: 'Public budget reports' },
    { slug: 'quy-hoach', vi: 'Quy hoạch, đất đai', en: 'Planning and land' },
  ],
  ward: [],
  other: [{ slug: 'gioi-thieu', vi: 'Giới thiệu', en: 'About' }, ...COMMON],
};
BY_KIND.agency = BY_KIND.department;
BY_KIND.ward = BY_KIND.commune;

const MENU: Record<'vi' | 'en', string>[] = [
  { vi: 'Giới thiệu', en: 'About' },
  { vi: 'Tin tức, sự kiện', en: 'News and events' },
  { vi: 'Văn bản', en: 'Legal documents' },
  { vi: 'Thủ tục hành chính', en: 'Administrative procedures' },
  { vi: 'Hỏi đáp', en: 'Questions and answers' },
];
// Typed content has its own pages (the documents library, procedures, questions and answers).
const MENU_TARGETS = ['/gioi-thieu', '/tin-tuc', '/van-ban', '/thu-tuc', '/hoi-dap'];

export function blueprintFor(kind: TenantKind): readonly CategorySeed[] {
  return BY_KIND[kind];
}

/** Creates the site's default categories and main menu, inside the site's creation transaction. */
export async function applyBlueprint(
  tenantId: number,
  kind: TenantKind,
  transaction: Transaction,
): Promise<{ categories: number; menuItems: number }> {
  let categories = 0;
  const insert = async (seeds: readonly CategorySeed[], parentId: number | null) => {
    for (const [position, s] of seeds.entries()) {
      const c = await Category.create(
        { tenantId, parentId, slug: s.slug, nameVi: s.vi, nameEn: s.en, position },
        { transaction },
      );
      categories++;
      if (s.children) await insert(s.children, c.id);
    }
  };
  await insert(BY_KIND[kind], null);
  await MenuItem.bulkCreate(
    MENU.map((m, position) => ({
      tenantId,
      menu: 'main',
      labelVi: m.vi,
      labelEn: m.en,
      target: MENU_TARGETS[position]!,
      position,
    })),
    { transaction },
  );
  return { categories, menuItems: MENU.length };
}
