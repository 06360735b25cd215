// The public side of advertising: a banner's click goes through the site (counted, then
// redirected to the advertiser's address the Board entered), and its image is fetched through the
// site (counted as an impression; revalidated on every view so each view counts). Only a
// placement live today on this site answers; anything else is a 404.
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { ActionDeps } from '../actions/run-action';
import { AdCounter, livePlacement } from '../ads/ads.service';
import type { FileStore } from '../media/file-store';
import { notFound } from '../core/errors';
import { ADS_PATH } from './public-paths';
import { ctxOf, siteRouter } from './site-router';

export function adRoutes(deps: { adCounter: AdCounter; mediaStore: FileStore; db: ActionDeps['sequelize'] }) {
  const router = siteRouter();
  const placementOf = async (req: Request, res: Response) => {
    const ctx = ctxOf(res);
    const id = String(req.params.id);
    if (!/^\d{1,15}$/.test(id)) throw notFound();
    const p = await livePlacement(deps.db, Number(id), ctx.site.id);
    if (!p) throw notFound('Quảng cáo không còn hiển thị');
    return { id: Number(id), ...p };
  };

  router.get(`${ADS_PATH}/:id`, async (req: Request, res: Response) => {
    const p = await placementOf(req, res);
    deps.adCounter.count(p.id, 'clicks');
    res.set('cache-control', 'no-store').redirect(302, p.linkUrl);
  });

  router.get(`${ADS_PATH}/:id/anh`, async (req: Request, res: Response) => {
    const p = await placementOf(req, res);
    deps.adCounter.count(p.id, 'impressions');
    const etag = `"${crypto.createHash('sha256').update(p.imageKey).digest('base64url').slice(0, 22)}"`;
    res.set({ etag, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    if (req.headers['if-none-match'] === etag) return void res.status(304).end();
    const bytes = await deps.mediaStore.get(p.imageKey);
    if (!bytes) throw notFound();
    res.type(p.imageMime).send(bytes);
  });
  return router;
}
