// Files as the public pages show and serve them: under each site's own base path
// (`<site>/media/<random>.<ext>`), so a file of one site can never be fetched through another.
import type { Request, Response } from 'express';
import { Op } from 'sequelize';
import { Media } from '../media/media.model';
import { readMedia } from '../media/media.service';
import type { FileStore } from '../media/file-store';
import type { RequestContext } from '../http/request-context';
import { notFound } from '../http/errors';

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

const fileUrl = (ctx: RequestContext, key: string) => `${ctx.basePath.replace(/\/en$/, '')}/media/${key.split('/')[1]}`;

/** The cover image (with its WebP widths) and the attachments of an item, for its page. */
export async function itemMedia(
  ctx: RequestContext,
  coverId: number | null,
  attachmentIds: number[],
  caption?: string,
) {
  const ids = [...(coverId ? [coverId] : []), ...attachmentIds];
  if (!ids.length) return { cover: null, files: [] };
  const rows = await Media.findAll({ where: { tenantId: ctx.site.id, id: { [Op.in]: ids } } });
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
    .filter((m): m is Media => !!m)
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

/** Serves a stored file of the current site. Keys are random and never reused: cached for a year. */
export async function serveMedia(req: Request, res: Response, ctx: RequestContext, store: FileStore) {
  const file = String(req.params.file);
  const m = /^([0-9a-f-]{36})\.([a-z0-9]{2,5})$/.exec(file);
  if (!m) throw notFound('Không tìm thấy tệp');
  const key = `${ctx.site.id}/${file}`;
  const bytes = await readMedia(store, ctx.site.id, key);
  if (!bytes) throw notFound('Không tìm thấy tệp');
  const ext = m[2]!;
  const headers: Record<string, string> = {
    'content-type': MIME_BY_EXT[ext] ?? 'application/octet-stream',
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // A file never runs as a page of the site, whatever it contains.
    'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
  };
  if (!ext.match(/^(jpg|png|webp|gif)$/)) {
    const row = await Media.findOne({ where: { tenantId: ctx.site.id, key }, attributes: ['originalName'] });
    const name = row?.originalName ?? file;
    headers['content-disposition'] =
      `${ext === 'pdf' ? 'inline' : 'attachment'}; filename="${file}"; filename*=UTF-8''${encodeURIComponent(name)}`;
  }
  res.set(headers).send(bytes);
}
