// A site's stored files, under its own base path (`<site>/media/<random>.<ext>`): see serveMedia.
import type { Request, Response } from 'express';
import type { ActionDeps } from '../actions/run-action';
import type { SignedIn } from '../auth/signed-in';
import type { FileStore } from '../media/file-store';
import { serveMedia } from './media-view';
import { ctxOf, siteRouter } from './site-router';

export function mediaRoutes(deps: { mediaStore: FileStore; signedIn: SignedIn; db: ActionDeps['sequelize'] }) {
  const router = siteRouter();
  router.get('/media/:file', (req: Request, res: Response) =>
    serveMedia(req, res, ctxOf(res), { store: deps.mediaStore, signedIn: deps.signedIn, db: deps.db }),
  );
  return router;
}
