export const TENANT_KINDS = ['province', 'department', 'agency', 'commune', 'ward', 'other'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

export const TENANT_STATUSES = ['active', 'suspended', 'archived'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Art 4.12: the contact block in every page footer. */
export interface ContactBlock {
  agencyName?: string;
  address?: string;
  phone?: string;
  email?: string;
  responsiblePerson?: string;
  licence?: string;
}

/** A site as the resolver and the renderer see it: plain, immutable data. */
export interface Site {
  readonly id: number;
  readonly slug: string;
  readonly nameVi: string;
  readonly nameEn: string | null;
  readonly kind: TenantKind;
  readonly parentId: number | null;
  readonly status: TenantStatus;
  readonly theme: string;
  readonly themeSettings: Readonly<Record<string, unknown>>;
  readonly contact: Readonly<ContactBlock>;
  readonly languages: readonly Locale[];
  /** null: the portal's own host (PRIMARY_DOMAIN). */
  readonly primaryHost: string | null;
  /** '' or '/segment[/segment]'. */
  readonly pathPrefix: string;
  readonly aliases: readonly string[];
}
