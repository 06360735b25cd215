// The public pages of every site, one router per page family, mounted in the order Express tries
// them. The order is the routes' order before the split and is kept on purpose: the first route
// whose path matches answers (a page of the other language passes to the next). Each family reads
// only through services that take the request context, and renders through the site's theme.
import { Router } from 'express';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import type { ActionDeps } from '../actions/run-action';
import type { AdCounter } from '../ads/ads.service';
import type { SignedIn } from '../auth/signed-in';
import type { RequestOrigin } from '../core/request-host';
import type { FileStore } from '../media/file-store';
import type { FormGuard } from '../participation/form-guard';
import type { ParticipationDeps } from '../participation/participation.service';
import { adRoutes } from './ads.routes';
import { categoryRoutes } from './category.routes';
import { feedRoutes } from './feed.routes';
import { homeRoutes } from './home.routes';
import { listRoutes } from './list.routes';
import { mediaRoutes } from './media.routes';
import { participationRoutes } from './participation.routes';
import { searchRoutes } from './search.routes';
import type { SitePages } from './site-page';
import { pageRenderer } from './site-router';
import { staticPageRoutes } from './static-pages.routes';

export interface SiteRouteDeps {
  sitePages: SitePages;
  mediaStore: FileStore;
  /** Who is signed in, read only where a public route needs it (files of unpublished items). */
  signedIn: SignedIn;
  registry: TenantRegistry;
  origin: RequestOrigin;
  participation: ParticipationDeps;
  formGuard: FormGuard;
  adCounter: AdCounter;
  /** The database, only passed on to the services that take it: no route queries it. */
  db: ActionDeps['sequelize'];
}

export function siteRoutes(deps: SiteRouteDeps): Router {
  const router = Router({ caseSensitive: true, strict: false });
  const render = pageRenderer(deps.sitePages);
  router.use(
    participationRoutes(deps, render), // questions, feedback, comments, tracking codes, ratings
    adRoutes(deps), // banners' clicks and images
    mediaRoutes(deps), // stored files
    categoryRoutes(render),
    feedRoutes(deps), // RSS, sitemap.xml, robots.txt
    searchRoutes(deps, render),
    homeRoutes(deps, render),
  );
  // Per language, each kind's list and item pages, then the sitemap and contact pages.
  for (const locale of ['vi', 'en'] as const)
    router.use(listRoutes(locale, deps, render), staticPageRoutes(locale, render));
  return router;
}
