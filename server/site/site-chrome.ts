// What every page of a site shows around its content (the menu, the footer's visit figures,
// maintenance notices, advertising), read once per site version and locale and kept for 30 s:
// an uncached page then costs its own queries only. A change to the site (menu, notice, ad)
// bumps its version, so the next page reads afresh; dates and visit counts move within 30 s.
import { LRUCache } from 'lru-cache';
import type { ActionDeps } from '../actions/run-action';
import { adsFor } from '../ads/ads.service';
import type { Cache } from '../cache/cache';
import { publicMenu } from '../content/categories.service';
import type { RequestContext } from '../core/request-context';
import { activeNotices } from '../ops/incidents.service';
import type { VisitCounter } from '../visits/visit-counter';
import { ADS_PATH } from './public-paths';

const TTL_MS = 30_000;

export type Chrome = Awaited<ReturnType<SiteChrome['load']>>;

export class SiteChrome {
  private readonly memo = new LRUCache<string, { at: number; value: Promise<Chrome> }>({ max: 5000 });

  constructor(
    /** The database, passed on to the services that read the chrome. */
    private readonly db: ActionDeps['sequelize'],
    private readonly cache: Cache,
    private readonly visits: VisitCounter,
  ) {}

  of(ctx: RequestContext, viBase: string): Promise<Chrome> {
    const key = `${ctx.site.id}|${ctx.locale}|${ctx.basePath}|${this.cache.tenantVersion(ctx.site.id)}`;
    const hit = this.memo.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = this.load(ctx, viBase);
    this.memo.set(key, { at: Date.now(), value });
    value.catch(() => this.memo.delete(key)); // a failed read is not remembered
    return value;
  }

  private async load(ctx: RequestContext, viBase: string) {
    const [menu, visits, notices, ads] = await Promise.all([
      publicMenu(ctx.site.id, ctx.locale, ctx.basePath),
      this.visits.figuresOf(this.db, ctx.site.id),
      activeNotices(this.db, ctx.site.id),
      adsFor(this.db, ctx.site.id),
    ]);
    return {
      menu,
      visits,
      notices,
      ads: Object.fromEntries(
        Object.entries(ads).map(([slot, a]) => [
          slot,
          { ...a, href: `${viBase}${ADS_PATH}/${a.id}`, src: `${viBase}${ADS_PATH}/${a.id}/anh` },
        ]),
      ),
    };
  }
}
