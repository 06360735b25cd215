// Files as the public pages show and serve them: under each site's own base path
// (`<site>/media/<random>.<ext>`), so a file of one site can never be fetched through another.
import type { Request, Response } from 'express';
import { mediaByIds, type ShownMedia } from '../content/item-media';
import { fileToServe, readMedia } from '../media/media.service';
import { can } from '../auth/can.policy';
import type { SignedIn } from '../auth/signed-in';
import type { FileStore } from '../media/file-store';
import type { ActionDeps } from '../actions/run-action';
import type { RequestContext } from '../core/request-context';
import { attachmentDisposition } from '../text/content-disposition';
import { viBaseOf } from './site-page';
import { notFound } from '../core/errors';

const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};
const TYPE_LABEL: Record<string, string> = {
  pdf: 'PDF',
  docx: 'Word',
  xlsx: 'Excel',
  pptx: 'PowerPoint',
  odt: 'ODT',
  ods: 'ODS',
  csv: 'CSV',
  json: 'JSON',
};

/** The address of a stored file under its site's Vietnamese base path (`''` or `/<prefix>`). */
export const mediaUrl = (siteBase: string, key: string) => `${siteBase}/media/${key.split('/')[1]}`;
const fileUrl = (ctx: RequestContext, key: string) => mediaUrl(viBaseOf(ctx), key);

/** The cover image (with its WebP widths) and the attachments of an item, for its page. */
export async function itemMedia(
  ctx: RequestContext,
  coverId: number | null,
  attachmentIds: number[],
  caption?: string,
) {
  const ids = [...(coverId ? [coverId] : []), ...attachmentIds];
  if (!ids.length) return { cover: null, files: [] };
  const rows = await mediaByIds(ctx.site, ids);
  const byId = new Map(rows.map((m) => [m.id, m]));
  const c = coverId ? byId.get(coverId) : undefined;
  const cover = c
    ? {
        src: fileUrl(ctx, c.key),
        srcset: c.variants.map((v) => `${fileUrl(ctx, v.key)} ${v.width}w`).join(', '),
        width: c.width,
        height: c.height,
        alt: c.alt ?? caption ?? '',
        caption: caption ?? null,
      }
    : null;
  const files = attachmentIds
    .map((id) => byId.get(id))
    .filter((m): m is ShownMedia => !!m)
    .map((m) => {
      const ext = m.key.split('.').pop()!;
      return {
        name: m.originalName,
        url: fileUrl(ctx, m.key),
        type: TYPE_LABEL[ext] ?? ext.toUpperCase(),
        sizeKb: Math.max(1, Math.round(m.size / 1024)),
      };
    });
  return { cover, files };
}

/**
 * Serves a stored file of the current site, while a published item uses it; to someone signed in
 * who may read the site's content (an editor previewing a draft, the media library), always, but
 * never into a shared cache. Anyone else gets 404, as for a file that does not exist. A key's
 * bytes never change, so the key is the ETag; the public copy may be kept a day, so a file of a
 * withdrawn item stops being served within a day everywhere.
 */
export async function serveMedia(
  req: Request,
  res: Response,
  ctx: RequestContext,
  /** `db`: the database, passed on to the media service. */
  deps: { store: FileStore; signedIn: SignedIn; db: ActionDeps['sequelize'] },
) {
  const file = String(req.params.file);
  const m = /^([0-9a-f-]{36})\.([a-z0-9]{2,5})$/.exec(file);
  if (!m) throw notFound('Không tìm thấy tệp');
  const key = `${ctx.site.id}/${file}`;
  const found = await fileToServe(deps.db, ctx.site.id, key);
  if (!found) throw notFound('Không tìm thấy tệp');
  let cacheControl = 'public, max-age=86400';
  if (!found.published) {
    const actor = await deps.signedIn(req, res);
    if (!actor || !can(actor, 'content.read', { tenantId: ctx.site.id })) throw notFound('Không tìm thấy tệp');
    cacheControl = 'private, no-store';
  }
  const etag = `"${m[1]}"`;
  const ext = m[2]!;
  const headers: Record<string, string> = {
    'content-type': MIME_BY_EXT[ext] ?? 'application/octet-stream',
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
    // A file never runs as a page of the site, whatever it contains.
    'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
  };
  if (found.published) headers.etag = etag;
  // Documents (PDFs too) are downloaded, never shown as a page of the site.
  if (!ext.match(/^(jpg|png|webp|gif)$/))
    headers['content-disposition'] = attachmentDisposition(found.originalName, ext);
  if (found.published && req.headers['if-none-match'] === etag) return void res.status(304).set(headers).end();
  const bytes = await readMedia(deps.store, ctx.site.id, key);
  if (!bytes) throw notFound('Không tìm thấy tệp');
  res.set(headers).send(bytes);
}
