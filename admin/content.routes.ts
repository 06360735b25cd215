// Items of a site in its back office (admin/items/): lists with filters, a form per kind, the
// review steps, history, revisions with their differences, and a preview in the site's own theme;
// also "awaiting my review", across every site the person moderates. Mounted in this order:
// `/tin-bai/moi` must come before `/tin-bai/:id`.
import { Router } from 'express';
import type { AdminDeps } from './admin-context';
import { itemListRoutes } from './items/item-list.routes';
import { itemNewRoutes } from './items/item-new.routes';
import { itemPageRoutes } from './items/item-page.routes';
import { itemRevisionRoutes } from './items/item-revisions.routes';
import { reviewQueueRoutes } from './items/review-queue.routes';

export function contentRoutes(deps: AdminDeps): Router {
  const router = Router();
  itemListRoutes(router, deps);
  itemNewRoutes(router, deps);
  itemPageRoutes(router, deps);
  itemRevisionRoutes(router, deps);
  reviewQueueRoutes(router, deps);
  return router;
}
