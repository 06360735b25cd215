// Cache versions after a committed change: the one place that knows which pages a change reaches
// (the site's own, the portal home's feed, the sites that show a syndicated copy, or all).
import { SUBSITE_FEED, type Cache } from '../cache/cache';
import { crossSite } from '../db/cross-site';
import type { Invalidation } from './action';

/** Sites that show the items as syndicated copies (accepted offers). */
async function receivingSites(itemIds: number[]): Promise<number[]> {
  if (itemIds.length === 0) return [];
  const rows = await crossSite('syndication').offers.findAll({
    where: { itemId: itemIds, status: 'accepted' },
    attributes: ['targetTenantId'],
  });
  return rows.map((r) => r.targetTenantId);
}

export async function invalidate(cache: Cache, inv: Invalidation): Promise<void> {
  const sites = new Set<number>(inv.sites ?? []);
  for (const t of await receivingSites([...(inv.syndicatedItems ?? [])])) sites.add(t);
  if (inv.allSites)
    for (const t of await crossSite('platform-console').sites.findAll({ attributes: ['id'] })) sites.add(t.id);
  for (const id of sites) await cache.bumpTenantVersion(id);
  if (inv.portalFeed) await cache.bumpTenantVersion(SUBSITE_FEED);
}
