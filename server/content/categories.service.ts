// A site's category tree and its main menu, edited by the site's administrators. Every change is
// checked, audited, and renews the site's cached pages (menus are on every page).
import { Op, type Sequelize } from 'sequelize';
import { z } from 'zod';
import type { Site } from '../../tenants/tenant.types';
import { recordAudit, type ActionContext } from '../audit/audit.service';
import { can } from '../auth/can.policy';
import type { Cache } from '../cache/cache';
import { slugify } from '../text/slugify';
import { Category, MenuItem } from './category.model';
import { Item } from './item.model';
import { KINDS } from './kinds';
import { ValidationError, forbidden, notFound, parseOrThrow } from '../core/errors';

export interface SiteSettingsDeps {
  sequelize: Sequelize;
  cache: Cache;
}

const guard = (ctx: ActionContext, site: Site) => {
  if (!can(ctx.actor, 'site.settings.edit', { tenantId: site.id })) throw forbidden();
};
const text = (label: string, max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(max, `${label}: tối đa ${max} ký tự`));

const categorySchema = z.object({
  nameVi: text('Tên', 200).pipe(z.string().min(1, 'Tên chuyên mục: bắt buộc')),
  nameEn: text('Tên tiếng Anh', 200).transform((v) => v || null),
  parentId: z.preprocess((v) => (v === '' || v == null ? null : Number(v)), z.number().int().positive().nullable()),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (v) => v === '' || /^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$/.test(v),
      'Mã: chữ thường không dấu, số, dấu gạch ngang',
    ),
});

export async function categoryTree(siteId: number) {
  const all = await Category.findAll({
    where: { tenantId: siteId },
    order: [
      ['position', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const out: { c: Category; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const c of all.filter((x) => x.parentId === parent)) {
      out.push({ c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export async function createCategory(
  deps: SiteSettingsDeps,
  ctx: ActionContext,
  site: Site,
  raw: Record<string, unknown>,
) {
  guard(ctx, site);
  const v = parseOrThrow(categorySchema, raw);
  const slug = v.slug || slugify(v.nameVi, 80);
  await deps.sequelize.transaction(async (transaction) => {
    if (v.parentId && !(await Category.findOne({ where: { id: v.parentId, tenantId: site.id }, transaction })))
      throw new ValidationError({ parentId: 'Chuyên mục cha không thuộc trang này' });
    if (await Category.findOne({ where: { tenantId: site.id, slug }, transaction }))
      throw new ValidationError({ slug: `Mã "${slug}" đã có trong trang` });
    const position =
      ((await Category.max('position', { where: { tenantId: site.id, parentId: v.parentId }, transaction })) as
        number | null) ?? -1;
    const c = await Category.create(
      { tenantId: site.id, parentId: v.parentId, slug, nameVi: v.nameVi, nameEn: v.nameEn, position: position + 1 },
      { transaction },
    );
    await recordAudit(
      ctx,
      {
        action: 'category.create',
        tenantId: site.id,
        targetType: 'category',
        targetId: c.id,
        summary: { after: { slug, nameVi: v.nameVi, parentId: v.parentId } },
      },
      transaction,
    );
  });
  await deps.cache.bumpTenantVersion(site.id);
}

export async function renameCategory(
  deps: SiteSettingsDeps,
  ctx: ActionContext,
  site: Site,
  id: number,
  raw: Record<string, unknown>,
) {
  guard(ctx, site);
  const v = parseOrThrow(categorySchema.pick({ nameVi: true, nameEn: true }), raw);
  await deps.sequelize.transaction(async (transaction) => {
    const c = await Category.findOne({ where: { id, tenantId: site.id }, transaction, lock: true });
    if (!c) throw notFound('Không tìm thấy chuyên mục');
    const before = { nameVi: c.nameVi, nameEn: c.nameEn };
    await c.update(v, { transaction });
    await recordAudit(
      ctx,
      {
        action: 'category.update',
        tenantId: site.id,
        targetType: 'category',
        targetId: id,
        summary: { before, after: v },
      },
      transaction,
    );
  });
  await deps.cache.bumpTenantVersion(site.id);
}

export async function deleteCategory(deps: SiteSettingsDeps, ctx: ActionContext, site: Site, id: number) {
  guard(ctx, site);
  await deps.sequelize.transaction(async (transaction) => {
    const c = await Category.findOne({ where: { id, tenantId: site.id }, transaction, lock: true });
    if (!c) throw notFound('Không tìm thấy chuyên mục');
    if (await Category.count({ where: { parentId: id }, transaction }))
      throw new ValidationError({ _: 'Chuyên mục còn chuyên mục con; hãy xóa hoặc chuyển chúng trước.' });
    const used = await Item.count({ where: { tenantId: site.id, categoryIds: { [Op.contains]: [id] } }, transaction });
    if (used)
      throw new ValidationError({ _: `Chuyên mục đang có ${used} tin bài; hãy bỏ chuyên mục khỏi các tin đó trước.` });
    if (await MenuItem.count({ where: { tenantId: site.id, target: `category:${c.slug}` }, transaction }))
      throw new ValidationError({ _: 'Chuyên mục đang có trong menu; hãy bỏ khỏi menu trước.' });
    await c.destroy({ transaction });
    await recordAudit(
      ctx,
      {
        action: 'category.delete',
        tenantId: site.id,
        targetType: 'category',
        targetId: id,
        summary: { before: { slug: c.slug, nameVi: c.nameVi } },
      },
      transaction,
    );
  });
  await deps.cache.bumpTenantVersion(site.id);
}

/** Moves a category or a menu entry one place up or down among its siblings. */
async function move(
  deps: SiteSettingsDeps,
  ctx: ActionContext,
  site: Site,
  model: typeof Category | typeof MenuItem,
  id: number,
  dir: 'up' | 'down',
  action: string,
) {
  guard(ctx, site);
  await deps.sequelize.transaction(async (transaction) => {
    const row = (await (model as typeof Category).findOne({
      where: { id, tenantId: site.id },
      transaction,
      lock: true,
    })) as Category | MenuItem | null;
    if (!row) throw notFound('Không tìm thấy mục');
    const siblingsWhere =
      row instanceof Category
        ? { tenantId: site.id, parentId: row.parentId }
        : { tenantId: site.id, menu: (row as MenuItem).menu };
    const siblings = (await (model as typeof Category).findAll({
      where: siblingsWhere,
      order: [
        ['position', 'ASC'],
        ['id', 'ASC'],
      ],
      transaction,
    })) as (Category | MenuItem)[];
    const i = siblings.findIndex((s) => s.id === id);
    const j = dir === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= siblings.length) return;
    [siblings[i], siblings[j]] = [siblings[j]!, siblings[i]!];
    for (const [pos, s] of siblings.entries())
      if (s.position !== pos) await (s as Category).update({ position: pos }, { transaction });
    await recordAudit(
      ctx,
      { action, tenantId: site.id, targetType: action.split('.')[0], targetId: id, summary: { dir } },
      transaction,
    );
  });
  await deps.cache.bumpTenantVersion(site.id);
}
export const moveCategory = (deps: SiteSettingsDeps, ctx: ActionContext, site: Site, id: number, dir: 'up' | 'down') =>
  move(deps, ctx, site, Category, id, dir, 'category.move');
export const moveMenuItem = (deps: SiteSettingsDeps, ctx: ActionContext, site: Site, id: number, dir: 'up' | 'down') =>
  move(deps, ctx, site, MenuItem, id, dir, 'menu.move');

const menuSchema = z.object({
  labelVi: text('Nhãn', 100).pipe(z.string().min(1, 'Nhãn: bắt buộc')),
  labelEn: text('Nhãn tiếng Anh', 100).transform((v) => v || null),
  target: z
    .string()
    .trim()
    .max(500, 'Đích: tối đa 500 ký tự')
    .refine(
      (t) => /^category:[a-z0-9-]+$/.test(t) || /^\/(?!\/)[a-z0-9\-/]*$/.test(t) || /^https:\/\/[^\s"'<>]+$/.test(t),
      'Đích: một chuyên mục, một đường dẫn trong trang (bắt đầu bằng /), hoặc một liên kết https://',
    ),
});

export async function addMenuItem(
  deps: SiteSettingsDeps,
  ctx: ActionContext,
  site: Site,
  raw: Record<string, unknown>,
) {
  guard(ctx, site);
  const v = parseOrThrow(menuSchema, raw);
  await deps.sequelize.transaction(async (transaction) => {
    if (
      v.target.startsWith('category:') &&
      !(await Category.findOne({ where: { tenantId: site.id, slug: v.target.slice(9) }, transaction }))
    ) {
      throw new ValidationError({ target: 'Chuyên mục không có trong trang này' });
    }
    const position =
      ((await MenuItem.max('position', { where: { tenantId: site.id, menu: 'main' }, transaction })) as
        number | null) ?? -1;
    const m = await MenuItem.create({ tenantId: site.id, menu: 'main', ...v, position: position + 1 }, { transaction });
    await recordAudit(
      ctx,
      { action: 'menu.create', tenantId: site.id, targetType: 'menu', targetId: m.id, summary: { after: v } },
      transaction,
    );
  });
  await deps.cache.bumpTenantVersion(site.id);
}

export async function deleteMenuItem(deps: SiteSettingsDeps, ctx: ActionContext, site: Site, id: number) {
  guard(ctx, site);
  await deps.sequelize.transaction(async (transaction) => {
    const m = await MenuItem.findOne({ where: { id, tenantId: site.id }, transaction });
    if (!m) throw notFound('Không tìm thấy mục menu');
    await m.destroy({ transaction });
    await recordAudit(
      ctx,
      {
        action: 'menu.delete',
        tenantId: site.id,
        targetType: 'menu',
        targetId: id,
        summary: { before: { labelVi: m.labelVi, target: m.target } },
      },
      transaction,
    );
  });
  await deps.cache.bumpTenantVersion(site.id);
}

/** A kind's Vietnamese path in a menu entry, as the English site spells it (`/van-ban` → `/documents`). */
function toEnglishPath(path: string): string {
  const [, first, rest] = /^\/([^/]*)(.*)$/.exec(path) ?? [];
  const kind = KINDS.find((k) => k.path.vi === first);
  if (kind) return `/${kind.path.en}${rest ?? ''}`;
  if (first === 'lien-he') return `/contact${rest ?? ''}`;
  // Citizens' participation is in Vietnamese only: the English menu says so, then links to it.
  if (VIETNAMESE_ONLY.has(first ?? '')) return `/untranslated?from=${encodeURIComponent(path)}`;
  return path;
}
const VIETNAMESE_ONLY = new Set(['hoi-dap', 'phan-anh-kien-nghi', 'tra-cuu']);

/** The main menu as the public pages show it. */
export async function publicMenu(siteId: number, locale: 'vi' | 'en', basePath: string) {
  const items = await MenuItem.findAll({
    where: { tenantId: siteId, menu: 'main' },
    order: [
      ['position', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return items.map((m) => {
    const label = locale === 'en' && m.labelEn ? m.labelEn : m.labelVi;
    const url = m.target.startsWith('category:')
      ? `${basePath}/${locale === 'en' ? 'category' : 'chuyen-muc'}/${m.target.slice(9)}`
      : m.target.startsWith('/')
        ? `${basePath}${locale === 'en' ? toEnglishPath(m.target) : m.target}`
        : m.target;
    return { label, url, external: m.target.startsWith('https://') };
  });
}
