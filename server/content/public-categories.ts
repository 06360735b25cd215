// A site's categories as its public pages read them: one by its address, or the whole tree for
// the HTML sitemap. Scoped to the site by siteData; plain objects for the templates.
import type { RequestContext } from '../core/request-context';
import { publicRead } from '../core/request-context';
import { siteData } from '../db/site-data';

/**
 * The category at `/chuyen-muc/<slug>` (or `/category/<slug>`), or null. `reads`: publicRead(ctx)
 * where a replica may answer (its page), the primary otherwise (its feed).
 */
export async function categoryBySlug(
  ctx: Pick<RequestContext, 'site'>,
  slug: string,
  reads: { useMaster?: boolean } = {},
) {
  const c = await siteData(ctx.site).categories.findOne({
    where: { slug },
    attributes: ['id', 'slug', 'nameVi', 'nameEn'],
    ...reads,
  });
  return c && { id: c.id, slug: c.slug, nameVi: c.nameVi, nameEn: c.nameEn };
}

/** Every category of the site in menu order, each with its parent: the tree of the HTML sitemap. */
export async function categoryTree(ctx: RequestContext) {
  const rows = await siteData(ctx.site).categories.findAll({
    attributes: ['id', 'parentId', 'slug', 'nameVi', 'nameEn', 'position'],
    order: [
      ['position', 'ASC'],
      ['id', 'ASC'],
    ],
    ...publicRead(ctx),
  });
  return rows.map((c) => ({ id: c.id, parentId: c.parentId, slug: c.slug, nameVi: c.nameVi, nameEn: c.nameEn }));
}

export type CategoryNode = Awaited<ReturnType<typeof categoryTree>>[number];
