// Uploads: accepted by their content (magic numbers), never by name or declared type. Images
// are decoded and re-encoded with sharp (which drops metadata and anything appended to the
// file), in several widths plus WebP, with a limit on pixels against decompression bombs.
// Each site has a quota. A file still used by an item is not deleted. Storing and deleting are
// actions (server/actions/) that no cached page shows (a file is public only once an item that
// uses it is, and a used file is kept); the site's files are read through its own tables (siteData).
import crypto from 'node:crypto';
import { fromBuffer } from 'file-type';
import { Op, QueryTypes, type CreationAttributes, type Sequelize, type Transaction } from 'sequelize';
import sharp from 'sharp';
import type { ActionContext } from '../audit/audit.service';
import { defineAction, type ActorCtx } from '../actions/action';
import { runUncachedAction } from '../actions/run-action';
import { can } from '../auth/can.policy';
import { siteData } from '../db/site-data';
import type { FileStore } from './file-store';
import type { Media, Variant } from './media.model';
import { imageJobs, type ImageJobs } from './image-jobs';
import { scanUpload } from './virus-scan';
import { AppError, ValidationError, forbidden, notFound } from '../core/errors';

export const IMAGE_MAX_BYTES = 15 * 1024 * 1024;
export const DOCUMENT_MAX_BYTES = 40 * 1024 * 1024;
export const MAX_PIXELS = 40_000_000; // 40 megapixels: larger images are refused before decoding
const WIDTHS = [320, 640, 1280];
const MAX_STORED_WIDTH = 2048;

const DOCUMENTS: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
};
const IMAGES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export interface MediaDeps {
  sequelize: Sequelize;
  store: FileStore;
  /** The pool image work waits in (default: the process's, IMAGE_JOBS at once). */
  images?: ImageJobs;
}

/** The uploader's file name as a label: no path, no control characters, NFC, bounded. */
export function displayName(raw: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const CONTROL = /[\x00-\x1f\x7f]/g;
  const base = raw.normalize('NFC').split(/[\\/]/).pop()!.replace(CONTROL, '').trim();
  return (base || 'tep').slice(0, 200);
}

/** What the bytes are, judged by content. Text datasets (CSV, JSON) are checked as text. */
export async function sniff(
  bytes: Buffer,
  nameHint: string,
): Promise<{ mime: string; ext: string; kind: Media['kind'] } | null> {
  const t = await fromBuffer(bytes);
  if (t && IMAGES[t.mime]) return { mime: t.mime, ext: IMAGES[t.mime]!, kind: 'image' };
  if (t && DOCUMENTS[t.mime]) return { mime: t.mime, ext: DOCUMENTS[t.mime]!, kind: 'document' };
  if (t) return null; // a known binary type that is not allowed (SVG is text, see below)
  // No magic number: only UTF-8 text datasets are accepted, never markup.
  const text = bytes.toString('utf8');
  if (
    text.includes('\u0000') ||
    text.includes('\ufffd') ||
    /<\s*(svg|html|script|!doctype|\?xml)/i.test(text.slice(0, 2048))
  )
    return null;
  if (/\.json$/i.test(nameHint)) {
    try {
      JSON.parse(text);
      return { mime: 'application/json', ext: 'json', kind: 'dataset' };
    } catch {
      return null;
    }
  }
  if (/\.csv$/i.test(nameHint) && /[,;\t]/.test(text.split('\n')[0] ?? ''))
    return { mime: 'text/csv', ext: 'csv', kind: 'dataset' };
  return null;
}

const VIRUS_FOUND = 'Tệp có mã độc (virus) nên không được nhận.';
const SCAN_FAILED = 'Tệp chưa kiểm tra được virus, vui lòng thử lại.';

const REFUSED =
  'Chỉ nhận ảnh JPEG, PNG, WebP, GIF; tài liệu PDF, DOCX, XLSX, PPTX, ODT, ODS; dữ liệu CSV, JSON. Tệp được kiểm tra theo nội dung, không theo tên (SVG không được nhận).';

const mayWrite = (who: ActorCtx, siteId: number) =>
  can(who.actor, 'content.write', { tenantId: siteId }) ? null : forbidden();

/** A file made ready for storing: its bytes (and its variants') and what the row records. */
interface PreparedUpload {
  siteId: number;
  writes: { key: string; bytes: Buffer; mime: string }[];
  row: Omit<CreationAttributes<Media>, 'tenantId' | 'createdBy'>;
  store: FileStore;
}

/** Sniffs, scans and (for images) re-encodes an upload; nothing is stored yet. */
async function prepareUpload(
  deps: MediaDeps,
  ctx: ActionContext,
  siteId: number,
  file: { bytes: Buffer; name: string },
  alt?: string,
): Promise<PreparedUpload> {
  const type = await sniff(file.bytes, file.name);
  if (!type) throw new ValidationError({ file: REFUSED });
  if (type.kind === 'image' && file.bytes.length > IMAGE_MAX_BYTES)
    throw new ValidationError({ file: `Ảnh lớn hơn ${IMAGE_MAX_BYTES / 1024 / 1024} MB.` });
  if (file.bytes.length > DOCUMENT_MAX_BYTES)
    throw new ValidationError({ file: `Tệp lớn hơn ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB.` });
  // The bytes as sent, before any decoder reads them; a scan without an answer refuses too.
  const verdict = await scanUpload(file.bytes, { upload: 'media', siteId, by: ctx.actor.id, mime: type.mime });
  if (verdict === 'infected') throw new ValidationError({ file: VIRUS_FOUND });
  if (verdict === 'failed') throw new ValidationError({ file: SCAN_FAILED });

  const id = crypto.randomUUID();
  const writes: { key: string; bytes: Buffer }[] = [];
  let stored = {
    key: `${siteId}/${id}.${type.ext}`,
    bytes: file.bytes,
    mime: type.mime,
    width: null as number | null,
    height: null as number | null,
  };
  const variants: Variant[] = [];
  if (type.kind === 'image') {
    let meta: sharp.Metadata;
    try {
      meta = await sharp(file.bytes, { limitInputPixels: MAX_PIXELS }).metadata();
    } catch {
      throw new ValidationError({ file: 'Không đọc được ảnh (tệp hỏng hoặc không phải ảnh).' });
    }
    if (!meta.width || !meta.height || meta.width * meta.height > MAX_PIXELS) {
      throw new ValidationError({ file: `Ảnh quá lớn (tối đa ${MAX_PIXELS / 1_000_000} triệu điểm ảnh).` });
    }
    const base = () => sharp(file.bytes, { limitInputPixels: MAX_PIXELS, animated: false }).rotate();
    try {
      // Decoding and encoding wait their turn in the pool: uploads must not starve the pages.
      await (deps.images ?? imageJobs()).run(async () => {
        // The stored original is itself re-encoded: metadata (GPS, camera) and trailing data go.
        const main =
          type.mime === 'image/png' || type.mime === 'image/gif'
            ? await base()
                .resize({ width: MAX_STORED_WIDTH, withoutEnlargement: true })
                .png()
                .toBuffer({ resolveWithObject: true })
            : await base()
                .resize({ width: MAX_STORED_WIDTH, withoutEnlargement: true })
                .jpeg({ quality: 85, mozjpeg: true })
                .toBuffer({ resolveWithObject: true });
        const ext = main.info.format === 'png' ? 'png' : 'jpg';
        stored = {
          key: `${siteId}/${id}.${ext}`,
          bytes: main.data,
          mime: ext === 'png' ? 'image/png' : 'image/jpeg',
          width: main.info.width,
          height: main.info.height,
        };
        for (const w of WIDTHS.filter((w) => w < (main.info.width ?? 0))) {
          const v = await base().resize({ width: w }).webp({ quality: 80 }).toBuffer();
          const key = `${siteId}/${crypto.randomUUID()}.webp`;
          writes.push({ key, bytes: v });
          variants.push({ width: w, key, mime: 'image/webp', size: v.length });
        }
        const full = await base()
          .resize({ width: MAX_STORED_WIDTH, withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer();
        const fullKey = `${siteId}/${crypto.randomUUID()}.webp`;
        writes.push({ key: fullKey, bytes: full });
        variants.push({ width: main.info.width ?? 0, key: fullKey, mime: 'image/webp', size: full.length });
      });
    } catch (err) {
      if (err instanceof ValidationError || err instanceof AppError) throw err;
      throw new ValidationError({ file: 'Không xử lý được ảnh (tệp hỏng hoặc quá lớn).' });
    }
  }
  writes.push({ key: stored.key, bytes: stored.bytes });
  return {
    siteId,
    store: deps.store,
    writes: writes.map((w) => ({ ...w, mime: w.key.endsWith('.webp') ? 'image/webp' : stored.mime })),
    row: {
      key: stored.key,
      originalName: displayName(file.name),
      mime: stored.mime,
      kind: type.kind,
      size: stored.bytes.length,
      width: stored.width,
      height: stored.height,
      alt: alt ? alt.normalize('NFC').slice(0, 300) : null,
      variants,
    },
  };
}

/** Bytes the site's files take now, variants included (under the site row's lock when given one). */
async function bytesUsed(siteId: number, transaction?: Transaction) {
  const [used] = await siteData({ id: siteId }).sql.select<{ n: string }>(
    `SELECT coalesce(sum(size + coalesce((SELECT sum((v->>'size')::bigint) FROM jsonb_array_elements(variants) v), 0)), 0) AS n FROM media WHERE tenant_id = :site`,
    { transaction },
  );
  return Number(used?.n ?? 0);
}

/** Stores a prepared upload within the site's quota: its files, then its row. */
export const storeUploadAction = defineAction({
  name: 'media.upload',
  check: (who, input: PreparedUpload) => mayWrite(who, input.siteId),
  async execute(who, { siteId, writes, row, store }, transaction) {
    const data = siteData({ id: siteId });
    // The site's row, locked: two uploads at once cannot both fit in the last of the quota.
    const [site] = await data.sql.select<{ quota: string | null }>(
      'SELECT media_quota_bytes AS quota FROM tenants WHERE id = :site FOR UPDATE',
      { transaction },
    );
    const quota = site?.quota == null ? 2 ** 31 : Number(site.quota);
    const total = writes.reduce((n, w) => n + w.bytes.length, 0);
    if ((await bytesUsed(siteId, transaction)) + total > quota)
      throw new ValidationError({ file: `Vượt dung lượng lưu trữ của trang (${Math.round(quota / 1024 / 1024)} MB).` });
    for (const w of writes) await store.put(w.key, w.bytes, w.mime);
    return data.media.create({ ...row, createdBy: who.actor?.id ?? null }, { transaction });
  },
  audit: (_who, { siteId }, media) => ({
    action: 'media.upload',
    tenantId: siteId,
    targetType: 'media',
    targetId: media.id,
    summary: { name: media.originalName, mime: media.mime, size: media.size },
  }),
  invalidates: () => ({}),
});

export async function uploadMedia(
  deps: MediaDeps,
  ctx: ActionContext,
  siteId: number,
  file: { bytes: Buffer; name: string },
  alt?: string,
) {
  // Refused before the bytes are decoded; the runner asks again when it stores them.
  const refused = mayWrite(ctx, siteId);
  if (refused) throw refused;
  const prepared = await prepareUpload(deps, ctx, siteId, file, alt);
  return runUncachedAction(deps.sequelize, ctx, storeUploadAction, prepared);
}

/** Where a file is used: items whose live or working version, or any revision, refers to it. */
export async function usesOf(siteId: number, mediaId: number, transaction?: Transaction) {
  return siteData({ id: siteId }).sql.select<{ id: number; title: string }>(
    `SELECT DISTINCT i.id, i.title FROM items i LEFT JOIN item_revisions r ON r.item_id = i.id AND r.tenant_id = i.tenant_id
     WHERE i.tenant_id = :site AND (i.cover_media_id = :m OR :m = ANY(i.attachment_ids) OR r.cover_media_id = :m OR :m = ANY(r.attachment_ids))
     ORDER BY i.id`,
    { replacements: { m: mediaId }, transaction },
  );
}

/** Deletes a file no item uses: its row here, its stored files once that is committed. */
export const deleteMediaAction = defineAction({
  name: 'media.delete',
  async check(who, { siteId, mediaId }: { siteId: number; mediaId: number }, transaction) {
    const refused = mayWrite(who, siteId);
    if (refused) return refused;
    if (!(await siteData({ id: siteId }).media.findByPk(mediaId, { transaction })))
      return notFound('Không tìm thấy tệp');
    const uses = await usesOf(siteId, mediaId, transaction);
    if (uses.length)
      return new ValidationError({
        file: `Tệp đang được dùng ở: ${uses.map((u) => `"${u.title}"`).join(', ')}. Hãy bỏ tệp khỏi các tin bài này trước.`,
      });
    return null;
  },
  async execute(_who, { siteId, mediaId }, transaction) {
    const media = (await siteData({ id: siteId }).media.findByPk(mediaId, { transaction }))!;
    await media.destroy({ transaction });
    return media;
  },
  audit: (_who, { siteId, mediaId }, media) => ({
    action: 'media.delete',
    tenantId: siteId,
    targetType: 'media',
    targetId: mediaId,
    summary: { name: media.originalName },
  }),
  invalidates: () => ({}),
});

export async function deleteMedia(deps: MediaDeps, ctx: ActionContext, siteId: number, mediaId: number) {
  const media = await runUncachedAction(deps.sequelize, ctx, deleteMediaAction, { siteId, mediaId });
  for (const key of [media.key, ...media.variants.map((v) => v.key)]) await deps.store.remove(key);
}

/** Media of a site, for the library: newest first, by name and kind. */
export function listMedia(siteId: number, opts: { q?: string; kind?: string; limit: number; offset: number }) {
  const where: Record<string | symbol, unknown> = {};
  if (opts.q) where.originalName = { [Op.iLike]: `%${opts.q.replace(/[%_\\]/g, '\\$&')}%` };
  if (opts.kind) where.kind = opts.kind;
  return siteData({ id: siteId }).media.findAndCountAll({
    where,
    order: [['createdAt', 'DESC']],
    limit: opts.limit,
    offset: opts.offset,
  });
}

/** What an item's form offers: the site's latest 200 files, and those already attached even if older. */
export async function mediaForItemForm(siteId: number, attachedIds: number[]) {
  const media = siteData({ id: siteId }).media;
  const latest = await media.findAll({ order: [['createdAt', 'DESC']], limit: 200 });
  const older = attachedIds.filter((n) => !latest.some((m) => m.id === n));
  return older.length ? [...latest, ...(await media.findAll({ where: { id: older } }))] : latest;
}

/** The site's latest documents and datasets (anything but images), for attaching to a submission. */
export function latestDocuments(siteId: number, limit: number) {
  return siteData({ id: siteId }).media.findAll({
    where: { kind: { [Op.ne]: 'image' } },
    order: [['createdAt', 'DESC']],
    limit,
  });
}

/**
 * A stored file of a site as the public route sees it, by its key or a variant's key: its name,
 * and whether a published item uses it (migration 202612060000 keeps `media_uses`). Null when the
 * site has no such file. Only an item of the file's own site counts: a wrong `media_uses` row (a
 * trigger's bug, a hand-made fix) must not publish one site's file by another site's item.
 */
export async function fileToServe(
  sequelize: Sequelize,
  siteId: number,
  key: string,
): Promise<{ originalName: string; published: boolean } | null> {
  const [row] = await sequelize.query<{ originalName: string; published: boolean }>(
    `SELECT m.original_name AS "originalName",
            EXISTS (SELECT 1 FROM media_uses u JOIN items i ON i.id = u.item_id AND i.tenant_id = m.tenant_id
                     WHERE u.media_id = m.id AND i.publication = 'published' AND i.published_at <= now()) AS published
       FROM media m
      WHERE m.tenant_id = :site AND (m.key = :key OR m.variants @> jsonb_build_array(jsonb_build_object('key', :key::text)))
      LIMIT 1`,
    { replacements: { site: siteId, key }, type: QueryTypes.SELECT },
  );
  return row ?? null;
}

/** Reads a stored file of a site by its key; another site's key is a miss. */
export async function readMedia(store: FileStore, siteId: number, key: string) {
  if (!new RegExp(`^${siteId}/[0-9a-f-]{36}\\.[a-z0-9]{2,5}$`).test(key)) return null;
  return store.get(key);
}
