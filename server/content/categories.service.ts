// A site's category tree and its main menu, edited by the site's administrators. Every change is
// an action (server/actions/): checked, audited in its transaction, and it renews the site's cached
// pages (menus are on every page). Reads go through the site's own tables (siteData).
import { Op, type Transaction } from 'sequelize';
import { z } from 'zod';
import type { Site } from '../../tenants/tenant.types';
import type { ActionContext } from '../audit/audit.service';
import { defineAction, type ActorCtx } from '../actions/action';
import { runAction, type ActionDeps } from '../actions/run-action';
import { can } from '../auth/can.policy';
import { siteData } from '../db/site-data';
import { slugify } from '../text/slugify';
import type { Category, MenuItem } from './category.model';
import { KINDS } from './kinds';
import { ValidationError, forbidden, notFound, parseOrThrow } from '../core/errors';

export type SiteSettingsDeps = ActionDeps;

const refusal = (who: ActorCtx, input: { site: Site }) =>
  can(who.actor, 'site.settings.edit', { tenantId: input.site.id }) ? null : forbidden();

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
const POSITION_ORDER: [string, string][] = [
  ['position', 'ASC'],
  ['id', 'ASC'],
];

/** The site's categories in tree order, each with its depth. */
export async function categoryTree(siteId: number) {
  const all = await siteData({ id: siteId }).categories.findAll({ order: POSITION_ORDER });
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

/** The categories an item can be filed under, top-level ones first, each named with its parent. */
export async function categoryChoices(siteId: number): Promise<{ id: number; name: string }[]> {
  const all = await siteData({ id: siteId }).categories.findAll({
    order: [
      ['parentId', 'ASC NULLS FIRST'],
      ['position', 'ASC'],
    ],
  });
  const parentName = new Map(all.map((c) => [c.id, c.nameVi]));
  return all.map((c) => ({
    id: c.id,
    name: c.parentId ? `${parentName.get(c.parentId) ?? ''} › ${c.nameVi}` : c.nameVi,
  }));
}

/** The next free position among siblings (after the last one). */
const nextPosition = async (last: Promise<{ position: number } | null>) => ((await last)?.position ?? -1) + 1;

export const createCategoryAction = defineAction({
  name: 'category.create',
  check: (who, input: { site: Site; raw: Record<string, unknown> }) => refusal(who, input),
  async execute(_who, { site, raw }, transaction) {
    const v = parseOrThrow(categorySchema, raw);
    const slug = v.slug || slugify(v.nameVi, 80);
    const data = siteData(site);
    if (v.parentId && !(await data.categories.findByPk(v.parentId, { transaction })))
      throw new ValidationError({ parentId: 'Chuyên mục cha không thuộc trang này' });
    if (await data.categories.findOne({ where: { slug }, transaction }))
      throw new ValidationError({ slug: `Mã "${slug}" đã có trong trang` });
    const position = await nextPosition(
      data.categories.findOne({ where: { parentId: v.parentId }, order: [['position', 'DESC']], transaction }),
    );
    const c = await data.categories.create(
      { parentId: v.parentId, slug, nameVi: v.nameVi, nameEn: v.nameEn, position },
      { transaction },
    );
    return { id: c.id, after: { slug, nameVi: v.nameVi, parentId: v.parentId } };
  },
  audit: (_who, { site }, r) => ({
    action: 'category.create',
    tenantId: site.id,
    targetType: 'category',
    targetId: r.id,
    summary: { after: r.after },
  }),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

export const renameCategoryAction = defineAction({
  name: 'category.update',
  check: (who, input: { site: Site; id: number; raw: Record<string, unknown> }) => refusal(who, input),
  async execute(_who, { site, id, raw }, transaction) {
    const v = parseOrThrow(categorySchema.pick({ nameVi: true, nameEn: true }), raw);
    const c = await siteData(site).categories.findByPk(id, { transaction, lock: true });
    if (!c) throw notFound('Không tìm thấy chuyên mục');
    const before = { nameVi: c.nameVi, nameEn: c.nameEn };
    await c.update(v, { transaction });
    return { before, after: v };
  },
  audit: (_who, { site, id }, r) => ({
    action: 'category.update',
    tenantId: site.id,
    targetType: 'category',
    targetId: id,
    summary: r,
  }),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

/** Why a category cannot be deleted now (children, items, the menu), or null. */
async function deleteRefusal(site: Site, c: Category, transaction?: Transaction) {
  const data = siteData(site);
  if (await data.categories.count({ where: { parentId: c.id }, transaction }))
    return new ValidationError({ _: 'Chuyên mục còn chuyên mục con; hãy xóa hoặc chuyển chúng trước.' });
  const used = await data.items.count({ where: { categoryIds: { [Op.contains]: [c.id] } }, transaction });
  if (used)
    return new ValidationError({ _: `Chuyên mục đang có ${used} tin bài; hãy bỏ chuyên mục khỏi các tin đó trước.` });
  if (await data.menuItems.count({ where: { target: `category:${c.slug}` }, transaction }))
    return new ValidationError({ _: 'Chuyên mục đang có trong menu; hãy bỏ khỏi menu trước.' });
  return null;
}

export const deleteCategoryAction = defineAction({
  name: 'category.delete',
  async check(who, input: { site: Site; id: number }, transaction) {
    const refused = refusal(who, input);
    if (refused) return refused;
    const c = await siteData(input.site).categories.findByPk(input.id, { transaction, lock: !!transaction });
    if (!c) return notFound('Không tìm thấy chuyên mục');
    return deleteRefusal(input.site, c, transaction);
  },
  async execute(_who, { site, id }, transaction) {
    const c = (await siteData(site).categories.findByPk(id, { transaction }))!;
    await c.destroy({ transaction });
    return { slug: c.slug, nameVi: c.nameVi };
  },
  audit: (_who, { site, id }, before) => ({
    action: 'category.delete',
    tenantId: site.id,
    targetType: 'category',
    targetId: id,
    summary: { before },
  }),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

/** Swaps a row with its neighbour among its siblings and renumbers them; false at either end. */
async function moveAmong(siblings: (Category | MenuItem)[], id: number, dir: 'up' | 'down', transaction: Transaction) {
  const i = siblings.findIndex((s) => s.id === id);
  const j = dir === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= siblings.length) return false;
  [siblings[i], siblings[j]] = [siblings[j]!, siblings[i]!];
  for (const [pos, s] of siblings.entries())
    if (s.position !== pos) await (s as Category).update({ position: pos }, { transaction });
  return true;
}

interface MoveInput {
  site: Site;
  id: number;
  dir: 'up' | 'down';
}
/** The audit of a move, when something moved (at either end nothing does). */
const moveAudit = (action: 'category.move' | 'menu.move') => (_who: ActorCtx, input: MoveInput, moved: boolean) =>
  moved
    ? {
        action,
        tenantId: input.site.id,
        targetType: action.split('.')[0],
        targetId: input.id,
        summary: { dir: input.dir },
      }
    : null;

export const moveCategoryAction = defineAction({
  name: 'category.move',
  check: (who, input: MoveInput) => refusal(who, input),
  async execute(_who, { site, id, dir }, transaction) {
    const categories = siteData(site).categories;
    const row = await categories.findByPk(id, { transaction, lock: true });
    if (!row) throw notFound('Không tìm thấy mục');
    const siblings = await categories.findAll({
      where: { parentId: row.parentId },
      order: POSITION_ORDER,
      transaction,
    });
    return moveAmong(siblings, id, dir, transaction);
  },
  audit: moveAudit('category.move'),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

export const moveMenuItemAction = defineAction({
  name: 'menu.move',
  check: (who, input: MoveInput) => refusal(who, input),
  async execute(_who, { site, id, dir }, transaction) {
    const menuItems = siteData(site).menuItems;
    const row = await menuItems.findByPk(id, { transaction, lock: true });
    if (!row) throw notFound('Không tìm thấy mục');
    const siblings = await menuItems.findAll({ where: { menu: row.menu }, order: POSITION_ORDER, transaction });
    return moveAmong(siblings, id, dir, transaction);
  },
  audit: moveAudit('menu.move'),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

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

export const addMenuItemAction = defineAction({
  name: 'menu.create',
  check: (who, input: { site: Site; raw: Record<string, unknown> }) => refusal(who, input),
  async execute(_who, { site, raw }, transaction) {
    const v = parseOrThrow(menuSchema, raw);
    const data = siteData(site);
    if (
      v.target.startsWith('category:') &&
      !(await data.categories.findOne({ where: { slug: v.target.slice(9) }, transaction }))
    )
      throw new ValidationError({ target: 'Chuyên mục không có trong trang này' });
    const position = await nextPosition(
      data.menuItems.findOne({ where: { menu: 'main' }, order: [['position', 'DESC']], transaction }),
    );
    const m = await data.menuItems.create({ menu: 'main', ...v, position }, { transaction });
    return { id: m.id, after: v };
  },
  audit: (_who, { site }, r) => ({
    action: 'menu.create',
    tenantId: site.id,
    targetType: 'menu',
    targetId: r.id,
    summary: { after: r.after },
  }),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

export const deleteMenuItemAction = defineAction({
  name: 'menu.delete',
  check: (who, input: { site: Site; id: number }) => refusal(who, input),
  async execute(_who, { site, id }, transaction) {
    const m = await siteData(site).menuItems.findByPk(id, { transaction });
    if (!m) throw notFound('Không tìm thấy mục menu');
    await m.destroy({ transaction });
    return { labelVi: m.labelVi, target: m.target };
  },
  audit: (_who, { site, id }, before) => ({
    action: 'menu.delete',
    tenantId: site.id,
    targetType: 'menu',
    targetId: id,
    summary: { before },
  }),
  invalidates: ({ site }) => ({ sites: [site.id] }),
});

// The services' signatures, as the back office calls them.
type Raw = Record<string, unknown>;
export const createCategory = (deps: SiteSettingsDeps, ctx: ActionContext, site: Site, raw: Raw) =>
  runAction(deps, ctx, createCategoryAction, { site, raw }).then(() => undefined);
export const renameCategory = (deps: SiteSettingsDeps, ctx: ActionContext, site: Site, id: number, raw: Raw) =>
  runAction(deps, ctx, renameCategoryAction, { site, id, raw }).then(() => undefined);
export const deleteCategory = (deps: SiteSettingsDeps, ctx: ActionContext, site: Site, id: number) =>
  runAction(deps, ctx, deleteCategoryAction, { site, id }).then(() => undefined);
export const moveCategory = (deps: SiteSettingsDeps, ctx: ActionContext, site: Site, id: number, dir: 'up' | 'down') =>
  runAction(deps, ctx, moveCategoryAction, { site, id, dir }).then(() => undefined);
export const moveMenuItem = (deps: SiteSettingsDeps, ctx: ActionContext, site: Site, id: number, dir: 'up' | 'down') =>
  runAction(deps, ctx, moveMenuItemAction, { site, id, dir }).then(() => undefined);
export const addMenuItem = (deps: SiteSettingsDeps, ctx: ActionContext, site: Site, raw: Raw) =>
  runAction(deps, ctx, addMenuItemAction, { site, raw }).then(() => undefined);
export const deleteMenuItem = (deps: SiteSettingsDeps, ctx: ActionContext, site: Site, id: number) =>
  runAction(deps, ctx, deleteMenuItemAction, { site, id }).then(() => undefined);

/** The site's main menu, in its order, as its administrators edit it. */
export function mainMenu(siteId: number) {
  return siteData({ id: siteId }).menuItems.findAll({ where: { menu: 'main' }, order: POSITION_ORDER });
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
  const items = await mainMenu(siteId);
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
