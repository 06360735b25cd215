// The media library of a site: upload (checked by content), search, reuse, delete unless in use.
import { Router, type Response } from 'express';
import multer from 'multer';
import type { CsrfSync } from 'csrf-sync';
import { can } from '../server/auth/can.policy';
import { deleteMedia, DOCUMENT_MAX_BYTES, listMedia, uploadMedia } from '../server/media/media.service';
import { mediaUrl } from '../server/site/media-view';
import {
  actionContext,
  idOf,
  locals,
  pageOf,
  pager,
  redirectWith,
  renderAdmin,
  siteOf,
  str,
  tryAction,
  type AdminDeps,
} from './admin-context';
import { readMultipart } from './multipart';
import { ValidationError, forbidden } from '../server/core/errors';

const PER_PAGE = 30;

export function mediaRoutes(deps: AdminDeps, csrf: CsrfSync): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8', // browsers send file names in UTF-8; busboy would read them as latin1
    limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 10 },
  });
  const base = (res: Response) => `${locals(res).adminBase}/tep`;
  const mediaDeps = { sequelize: deps.sequelize, store: deps.mediaStore };

  router.get('/tep', async (req, res) => {
    const site = siteOf(res);
    if (!can(locals(res).actor, 'content.read', { tenantId: site.id })) throw forbidden();
    const q = str(req.query.q);
    const kind = ['image', 'document', 'dataset'].includes(str(req.query.kind)) ? str(req.query.kind) : '';
    const page = pageOf(req.query.page);
    const { rows, count } = await listMedia(site.id, { q, kind, limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
    const siteBase = locals(res).ctx.basePath;
    renderAdmin(req, res, deps, 'media', {
      title: 'Thư viện tệp',
      files: rows.map((m) => ({
        id: m.id,
        name: m.originalName,
        kind: m.kind,
        mime: m.mime,
        sizeKb: Math.ceil(m.size / 1024),
        width: m.width,
        height: m.height,
        url: mediaUrl(siteBase, m.key),
        thumb:
          m.kind === 'image'
            ? mediaUrl(siteBase, (m.variants.find((v) => v.width <= 320) ?? m.variants[0] ?? { key: m.key }).key)
            : null,
        createdAt: m.createdAt,
      })),
      filters: { q, kind },
      canUpload: can(locals(res).actor, 'content.write', { tenantId: site.id }),
      pager: pager(count, page, PER_PAGE, base(res), { q, kind }),
      errors: res.locals.uploadErrors,
    });
  });

  router.post(
    '/tep',
    readMultipart(upload.single('file'), csrf, `Tệp lớn hơn ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB.`),
    async (req, res) => {
      const site = siteOf(res);
      if (!req.file) return redirectWith(req, res, base(res), 'error', 'Chọn một tệp để tải lên.');
      try {
        const m = await uploadMedia(
          mediaDeps,
          actionContext(req, res),
          site.id,
          { bytes: req.file.buffer, name: req.file.originalname },
          str(req.body.alt, 300),
        );
        redirectWith(req, res, base(res), 'ok', `Đã tải lên "${m.originalName}".`);
      } catch (err) {
        if (err instanceof ValidationError) return redirectWith(req, res, base(res), 'error', err.message);
        throw err;
      }
    },
  );

  router.post('/tep/:id/xoa', (req, res) =>
    tryAction(
      req,
      res,
      base(res),
      () => deleteMedia(mediaDeps, actionContext(req, res), siteOf(res).id, idOf(req.params.id) ?? 0),
      'Đã xóa tệp.',
    ),
  );

  return router;
}
