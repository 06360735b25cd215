// The roles of the regulation (Art 10, 11, 17.3). Platform roles hold everywhere; site roles on
// one site only.

export const PLATFORM_ROLES = ['sysadmin', 'operator', 'board', 'reporter'] as const;
export const SITE_ROLES = ['site_admin', 'approver', 'editor', 'contributor', 'viewer'] as const;
export const ROLES = [...PLATFORM_ROLES, ...SITE_ROLES] as const;
export const BOARD_POSITIONS = ['head', 'deputy', 'member', 'secretary'] as const;

export type PlatformRole = (typeof PLATFORM_ROLES)[number];
export type SiteRole = (typeof SITE_ROLES)[number];
export type Role = (typeof ROLES)[number];
export type BoardPosition = (typeof BOARD_POSITIONS)[number];

export const isPlatformRole = (r: string): r is PlatformRole => (PLATFORM_ROLES as readonly string[]).includes(r);
export const isSiteRole = (r: string): r is SiteRole => (SITE_ROLES as readonly string[]).includes(r);

export const ROLE_LABELS: Record<Role, string> = {
  sysadmin: 'Quản trị hệ thống',
  operator: 'Vận hành (Trung tâm)',
  board: 'Ban Biên tập',
  reporter: 'Xem báo cáo tổng hợp',
  site_admin: 'Quản trị trang',
  approver: 'Duyệt tin',
  editor: 'Biên tập viên',
  contributor: 'Cộng tác viên',
  viewer: 'Xem',
};

export const BOARD_POSITION_LABELS: Record<BoardPosition, string> = {
  head: 'Trưởng ban',
  deputy: 'Phó Trưởng ban',
  member: 'Ủy viên',
  secretary: 'Thư ký',
};

// Which roles must sign in with a second factor follows from their permissions:
// roleNeedsSecondFactor() in can.policy.ts.
