// The site administrator's screens for the site's category tree and its main menu.
import { Router, type Request, type Response } from 'express';
import { can } from '../server/auth/can.policy';
import {
  addMenuItem,
  categoryTree,
  createCategory,
  deleteCategory,
  deleteMenuItem,
  mainMenu,
  moveCategory,
  moveMenuItem,
  renameCategory,
} from '../server/content/categories.service';
import { actionContext, idOf, locals, renderAdmin, siteOf, str, tryAction, type AdminDeps } from './admin-context';
import { forbidden } from '../server/core/errors';

export function settingsRoutes(deps: AdminDeps): Router {
  const router = Router();
  const guard = (res: Response) => {
    if (!can(locals(res).actor, 'site.settings.edit', { tenantId: siteOf(res).id })) throw forbidden();
  };
  /** Runs a change and comes back to the screen with its result. */
  const act =
    (path: string, fn: (req: Request, res: Response) => Promise<unknown>, done: string) =>
    (req: Request, res: Response) =>
      tryAction(req, res, `${locals(res).adminBase}/${path}`, () => fn(req, res), done);
  const body = (req: Request) =>
    Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, str(v, 1000)]));

  router.get('/chuyen-muc', async (req, res) => {
    guard(res);
    const tree = await categoryTree(siteOf(res).id);
    renderAdmin(req, res, deps, 'categories', {
      title: 'Chuyên mục',
      categories: tree.map(({ c, depth }) => ({
        id: c.id,
        slug: c.slug,
        nameVi: c.nameVi,
        nameEn: c.nameEn ?? '',
        depth,
        indent: '— '.repeat(depth),
      })),
    });
  });
  router.post(
    '/chuyen-muc',
    act(
      'chuyen-muc',
      (req, res) => createCategory(deps, actionContext(req, res), siteOf(res), body(req)),
      'Đã thêm chuyên mục.',
    ),
  );
  router.post(
    '/chuyen-muc/:id',
    act(
      'chuyen-muc',
      (req, res) => renameCategory(deps, actionContext(req, res), siteOf(res), idOf(req.params.id) ?? 0, body(req)),
      'Đã lưu.',
    ),
  );
  router.post(
    '/chuyen-muc/:id/xoa',
    act(
      'chuyen-muc',
      (req, res) => deleteCategory(deps, actionContext(req, res), siteOf(res), idOf(req.params.id) ?? 0),
      'Đã xóa chuyên mục.',
    ),
  );
  for (const [seg, dir] of [
    ['len', 'up'],
    ['xuong', 'down'],
  ] as const) {
    router.post(
      `/chuyen-muc/:id/${seg}`,
      act(
        'chuyen-muc',
        (req, res) => moveCategory(deps, actionContext(req, res), siteOf(res), idOf(req.params.id) ?? 0, dir),
        'Đã đổi thứ tự.',
      ),
    );
    router.post(
      `/menu/:id/${seg}`,
      act(
        'menu',
        (req, res) => moveMenuItem(deps, actionContext(req, res), siteOf(res), idOf(req.params.id) ?? 0, dir),
        'Đã đổi thứ tự.',
      ),
    );
  }

  router.get('/menu', async (req, res) => {
    guard(res);
    const site = siteOf(res);
    const items = await mainMenu(site.id);
    const tree = await categoryTree(site.id);
    renderAdmin(req, res, deps, 'menu', {
      title: 'Menu chính',
      items: items.map((m) => m.get({ plain: true })),
      categories: tree.map(({ c, depth }) => ({ slug: c.slug, name: `${'— '.repeat(depth)}${c.nameVi}` })),
    });
  });
  router.post(
    '/menu',
    act(
      'menu',
      (req, res) => {
        const b = body(req);
        const target = b.kind === 'category' ? `category:${b.category}` : b.kind === 'path' ? b.path : b.url;
        return addMenuItem(deps, actionContext(req, res), siteOf(res), {
          labelVi: b.labelVi,
          labelEn: b.labelEn,
          target,
        });
      },
      'Đã thêm vào menu.',
    ),
  );
  router.post(
    '/menu/:id/xoa',
    act(
      'menu',
      (req, res) => deleteMenuItem(deps, actionContext(req, res), siteOf(res), idOf(req.params.id) ?? 0),
      'Đã bỏ khỏi menu.',
    ),
  );
  return router;
}
