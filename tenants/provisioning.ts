// Creating and changing sites: the data steps. Validation happens here, at the edge of the data:
// names are NFC, addresses are checked for conflicts and each conflict names the site that holds
// the address. The actions that run them, with the permission and the audit, are site.actions.ts.
import { Op, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import { z } from 'zod';
import type { Cache } from '../server/cache/cache';
import { KIND_SEGMENTS } from '../server/content/kinds';
import { HOSTNAME_RE, normalizeHost } from './host';
import { Tenant, TenantAlias } from './tenant.model';
import type { TenantRegistry } from './tenant-registry';
import { LOCALES, TENANT_KINDS, TENANT_STATUSES, type TenantStatus } from './tenant.types';

/** First path segments that the platform itself uses on every host. */
export const RESERVED_SEGMENTS = new Set([
  ...KIND_SEGMENTS,
  'en',
  'admin',
  'api',
  '_assets',
  'media',
  'healthz',
  'readyz',
  'metrics',
  'tim-kiem',
  'search',
  'rss.xml',
  'sitemap.xml',
  'robots.txt',
  'favicon.ico',
  'tin-tuc',
  'news',
  // Citizens' participation pages.
  'hoi-dap',
  'phan-anh-kien-nghi',
  'tra-cuu',
  'danh-gia',
  'so-do-trang',
  'sitemap',
  'untranslated',
  'quang-cao',
]);

const nfc = (s: string) => s.normalize('NFC').trim();
const text = (max: number) =>
  z
    .string()
    .transform(nfc)
    .pipe(z.string().max(max, `tối đa ${max} ký tự`));
const host = z
  .string()
  .transform((h) => normalizeHost(h) ?? '')
  .refine((h) => HOSTNAME_RE.test(h), 'không phải tên miền hợp lệ (ví dụ: stc.tuyenquang.gov.vn)');

export const siteInputSchema = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$/, 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang (2-50 ký tự)'),
  nameVi: text(200).pipe(z.string().min(1, 'bắt buộc')),
  nameEn: text(200)
    .nullish()
    .transform((v) => v || null),
  kind: z.enum(TENANT_KINDS, { message: 'loại đơn vị không hợp lệ' }),
  parentId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? null),
  theme: z.string().min(1, 'bắt buộc'),
  themeSettings: z.record(z.string(), z.unknown()).default({}),
  contact: z
    .object({
      agencyName: text(200).optional(),
      address: text(300).optional(),
      phone: text(50).optional(),
      email: z.string().trim().email('e-mail không hợp lệ').optional(),
      responsiblePerson: text(200).optional(),
      licence: text(300).optional(),
    })
    .default({}),
  languages: z
    .array(z.enum(LOCALES))
    .default(['vi'])
    .refine((l) => l.includes('vi'), 'mọi trang phải có tiếng Việt'),
  primaryHost: host.nullish().transform((v) => v ?? null),
  pathPrefix: z
    .string()
    .trim()
    .default('')
    .refine(
      (p) => p === '' || /^(\/[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(p),
      'bắt đầu bằng "/", chỉ gồm chữ thường không dấu, số và dấu gạch ngang',
    )
    .refine((p) => !RESERVED_SEGMENTS.has(p.split('/')[1] ?? ''), 'trùng với đường dẫn dành riêng của hệ thống'),
  aliases: z.array(host).default([]),
});
export type SiteInput = z.input<typeof siteInputSchema>;

export class ProvisioningError extends Error {
  /** Every problem found, field → message (the first one is also `field`/`message`). */
  readonly fields: Record<string, string>;
  constructor(
    readonly field: string,
    message: string,
    fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ProvisioningError';
    this.fields = fields ?? { [field]: message };
  }
}

/** All of a site form's problems at once, keyed by field (`aliases.2` is reported as `aliases`). */
export function siteInputProblems(raw: SiteInput): Record<string, string> {
  const parsed = siteInputSchema.safeParse(raw);
  const fields: Record<string, string> = {};
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const key = i.path[0] === 'contact' ? i.path.slice(0, 2).join('.') : String(i.path[0]);
      fields[key] ??= i.message;
    }
  }
  return fields;
}

export interface ProvisioningDeps {
  sequelize: Sequelize;
  registry: TenantRegistry;
  cache: Cache;
  themeNames: readonly string[];
}

/** What a site's settings are checked against: the portal's domain and the installed themes. */
export interface SiteRules {
  domain: string;
  themeNames: readonly string[];
}

export const rulesOf = (deps: Pick<ProvisioningDeps, 'registry' | 'themeNames'>): SiteRules => ({
  domain: deps.registry.domain,
  themeNames: deps.themeNames,
});

export interface CreateOptions {
  /** Runs inside the creation transaction (blueprint, audit entry): all or nothing. */
  inTransaction?: (site: Tenant, tx: Transaction) => Promise<void>;
}

type ValidSite = z.output<typeof siteInputSchema>;

/** The site's settings, validated; every problem at once as a ProvisioningError. */
export function validSite(rules: SiteRules, raw: SiteInput): ValidSite {
  const parsed = siteInputSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = siteInputProblems(raw);
    const [field, message] = Object.entries(fields)[0]!;
    throw new ProvisioningError(field, message, fields);
  }
  const input = parsed.data;
  if (!rules.themeNames.includes(input.theme))
    throw new ProvisioningError('theme', `Không có giao diện "${input.theme}"`);
  if (input.pathPrefix === '' && input.primaryHost === null && input.kind !== 'province') {
    throw new ProvisioningError('pathPrefix', 'Trang con trên tên miền của Cổng phải có tiền tố đường dẫn');
  }
  return input;
}

/** The stored columns of a validated site, all but the slug (which never changes). */
const siteFields = (input: ValidSite) => ({
  nameVi: input.nameVi,
  nameEn: input.nameEn,
  kind: input.kind,
  parentId: input.parentId,
  theme: input.theme,
  themeSettings: input.themeSettings,
  contact: input.contact,
  languages: input.languages,
  primaryHost: input.primaryHost,
  pathPrefix: input.pathPrefix,
});

/** A new site and its aliases, inside the caller's transaction, once its addresses are free. */
export async function insertSite(rules: SiteRules, raw: SiteInput, tx: Transaction): Promise<Tenant> {
  const input = validSite(rules, raw);
  await assertAddressFree(rules, input, tx);
  try {
    const t = await Tenant.create({ slug: input.slug, ...siteFields(input) }, { transaction: tx });
    for (const alias of new Set(input.aliases)) {
      await TenantAlias.create({ host: alias, tenantId: t.id }, { transaction: tx });
    }
    return t;
  } catch (err) {
    // A concurrent creation got there between our check and our insert.
    if (err instanceof UniqueConstraintError)
      throw new ProvisioningError('slug', 'Địa chỉ hoặc mã trang vừa bị trang khác dùng');
    throw err;
  }
}

/**
 * Changes a site's settings and addresses inside the caller's transaction, the row locked. The
 * slug stays: it names the site in `<slug>.<PRIMARY_DOMAIN>` and in links that may be out there.
 */
export async function rewriteSite(
  rules: SiteRules,
  siteId: number,
  raw: Omit<SiteInput, 'slug'>,
  tx: Transaction,
): Promise<{ before: Tenant; after: Tenant; aliasesBefore: string[] }> {
  const t = await Tenant.findByPk(siteId, { transaction: tx, lock: true });
  if (!t) throw new ProvisioningError('id', 'Không tìm thấy trang');
  const input = validSite(rules, { ...raw, slug: t.slug });
  await assertAddressFree(rules, input, tx, siteId);
  const before = Tenant.build(t.get({ plain: true }), { isNewRecord: false });
  const aliasesBefore = (await TenantAlias.findAll({ where: { tenantId: siteId }, transaction: tx })).map(
    (a) => a.host,
  );
  try {
    await t.update(siteFields(input), { transaction: tx });
    await TenantAlias.destroy({ where: { tenantId: siteId }, transaction: tx });
    for (const alias of new Set(input.aliases))
      await TenantAlias.create({ host: alias as string, tenantId: siteId }, { transaction: tx });
  } catch (err) {
    if (err instanceof UniqueConstraintError)
      throw new ProvisioningError('pathPrefix', 'Địa chỉ vừa bị trang khác dùng');
    throw err;
  }
  return { before, after: t, aliasesBefore };
}

/** A site's status inside the caller's transaction, the row locked; returns the status before. */
export async function writeSiteStatus(siteId: number, status: TenantStatus, tx: Transaction): Promise<TenantStatus> {
  if (!TENANT_STATUSES.includes(status)) throw new ProvisioningError('status', 'Trạng thái không hợp lệ');
  const t = await Tenant.findByPk(siteId, { transaction: tx, lock: true });
  if (!t) throw new ProvisioningError('id', 'Không tìm thấy trang');
  const before = t.status;
  await t.update({ status }, { transaction: tx });
  return before;
}

// The two functions below make the same changes without a person, a permission or an audit
// entry: for test fixtures, the demo seed and the benchmark's generator. The back office and
// `npm run setup` run the actions of site.actions.ts instead.

export async function createSite(deps: ProvisioningDeps, raw: SiteInput, opts: CreateOptions = {}): Promise<Tenant> {
  const rules = rulesOf(deps);
  validSite(rules, raw); // refused before a transaction is opened
  const site = await deps.sequelize.transaction(async (tx) => {
    const t = await insertSite(rules, raw, tx);
    await opts.inTransaction?.(t, tx);
    return t;
  });
  await deps.registry.announceChange();
  return site;
}

export async function setSiteStatus(deps: ProvisioningDeps, siteId: number, status: TenantStatus): Promise<void> {
  await deps.sequelize.transaction((tx) => writeSiteStatus(siteId, status, tx));
  await deps.cache.bumpTenantVersion(siteId);
  await deps.registry.announceChange();
}

async function assertAddressFree(rules: SiteRules, input: ValidSite, tx: Transaction, selfId?: number): Promise<void> {
  const notSelf = selfId === undefined ? {} : { id: { [Op.ne]: selfId } };
  const bySlug = await Tenant.findOne({ where: { slug: input.slug, ...notSelf }, transaction: tx });
  if (bySlug) throw new ProvisioningError('slug', `Mã "${input.slug}" đã được dùng cho trang "${bySlug.nameVi}"`);

  const sameAddress = await Tenant.findOne({
    where: { primaryHost: input.primaryHost ?? { [Op.is]: null }, pathPrefix: input.pathPrefix, ...notSelf },
    transaction: tx,
  });
  if (sameAddress) {
    throw new ProvisioningError('pathPrefix', `Địa chỉ này đã được dùng cho trang "${sameAddress.nameVi}"`);
  }

  const portal = rules.domain;
  for (const alias of input.aliases) {
    if (alias === (input.primaryHost ?? portal))
      throw new ProvisioningError('aliases', `${alias} là tên miền chính của trang này`);
    if (alias === portal) throw new ProvisioningError('aliases', `${alias} là tên miền của Cổng`);
    const holder =
      (await TenantAlias.findByPk(alias, { include: [Tenant], transaction: tx }))?.get('Tenant') ??
      (await Tenant.findOne({ where: { primaryHost: alias }, transaction: tx }));
    if (holder)
      throw new ProvisioningError('aliases', `Tên miền ${alias} đã thuộc trang "${(holder as Tenant).nameVi}"`);
  }
  if (input.primaryHost) {
    const alias = await TenantAlias.findByPk(input.primaryHost, { include: [Tenant], transaction: tx });
    if (alias && alias.get('tenantId') !== selfId) {
      const holder = alias.get('Tenant') as Tenant;
      throw new ProvisioningError(
        'primaryHost',
        `Tên miền ${input.primaryHost} đã là tên miền phụ của trang "${holder.nameVi}"`,
      );
    }
  }
}
