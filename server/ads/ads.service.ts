// Advertising (Art 9): the Board (and the Trung tâm's operators) place banners in the themes' ad
// positions, for a date range and some or all sites. Pages show a placement only within its
// dates, labelled "Quảng cáo". Impressions (the banner image fetched) and clicks (the redirect)
// are counted per placement and day in memory and flushed additively, like visits: no cookie,
// no address, nothing about who looked. Revenue is recorded per placement.
import crypto from 'node:crypto';
import sharp from 'sharp';
import { scanUpload } from '../media/virus-scan';
import { Tallies } from '../visits/tallies';
import { QueryTypes, type Sequelize } from 'sequelize';
import { z } from 'zod';
import { invalidate } from '../actions/invalidate';
import { runAction, runActionIn, runUncachedAction } from '../actions/run-action';
import type { ActionContext } from '../audit/audit.service';
import type { Cache } from '../cache/cache';
import { vnDay } from '../calendar/working-calendar';
import type { FileStore } from '../media/file-store';
import { MAX_PIXELS, sniff } from '../media/media.service';
import { imageJobs, type ImageJobs } from '../media/image-jobs';
import { AppError, ValidationError, parseOrThrow } from '../core/errors';
import { adPlace, adRevenueRecord, adWithdraw, day, mayManage } from './ads.actions';

export const SLOTS = {
  header: 'Dưới đầu trang',
  sidebar: 'Cột bên trang chủ',
  footer: 'Trên chân trang',
} as const;
export type Slot = keyof typeof SLOTS;

export interface AdDeps {
  sequelize: Sequelize;
  cache: Cache;
  store: FileStore;
  /** The portal's id: banner images are stored under its files. */
  portalId: () => number;
  /** The pool image work waits in (default: the process's, IMAGE_JOBS at once). */
  images?: ImageJobs;
}

const placementSchema = z.object({
  slot: z.enum(['header', 'sidebar', 'footer'], { message: 'Vị trí không hợp lệ' }),
  advertiser: z.string().trim().min(1, 'Đơn vị quảng cáo: bắt buộc').max(200),
  title: z.string().trim().min(3, 'Mô tả ảnh: ít nhất 3 ký tự').max(200),
  linkUrl: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s"'<>]+$/, 'Liên kết: phải là http(s)://…')
    .max(500),
  startsOn: day('Từ ngày'),
  endsOn: day('Đến ngày'),
  siteIds: z.preprocess(
    (v) => (Array.isArray(v) ? v : v ? [v] : []),
    z.array(z.coerce.number().int().positive()).max(1000),
  ),
});

/** A new placement with its banner image, checked by content and re-encoded (no metadata kept). */
export async function createPlacement(
  deps: AdDeps,
  ctx: ActionContext,
  raw: Record<string, unknown>,
  image: { bytes: Buffer; name: string } | null,
) {
  // Refused before the image is read; the action checks again in its transaction.
  const refusal = mayManage(ctx);
  if (refusal) throw refusal;
  const v = parseOrThrow(placementSchema, raw);
  if (v.endsOn < v.startsOn) throw new ValidationError({ endsOn: 'Đến ngày phải sau từ ngày' });
  if (!image || image.bytes.length === 0) throw new ValidationError({ image: 'Ảnh quảng cáo: bắt buộc' });
  if (image.bytes.length > 2 * 1024 * 1024) throw new ValidationError({ image: 'Ảnh quảng cáo: tối đa 2 MB' });
  const type = await sniff(image.bytes, image.name);
  if (!type || type.kind !== 'image') throw new ValidationError({ image: 'Ảnh quảng cáo: JPEG, PNG, WebP hoặc GIF' });
  const verdict = await scanUpload(image.bytes, { upload: 'ad', by: ctx.actor.id, mime: type.mime });
  if (verdict === 'infected')
    throw new ValidationError({ image: 'Ảnh quảng cáo: có mã độc (virus) nên không được nhận.' });
  if (verdict === 'failed')
    throw new ValidationError({ image: 'Ảnh quảng cáo: chưa kiểm tra được virus, vui lòng thử lại.' });
  let bytes: Buffer;
  try {
    bytes = await (deps.images ?? imageJobs()).run(() =>
      sharp(image.bytes, { limitInputPixels: MAX_PIXELS, animated: false })
        .rotate()
        .resize({ width: 1200, withoutEnlargement: true })
        .jpeg({ quality: 85, mozjpeg: true })
        .toBuffer(),
    );
  } catch (err) {
    if (err instanceof AppError) throw err; // the pool is full: a 503, not a bad image
    throw new ValidationError({ image: 'Không đọc được ảnh.' });
  }
  const key = `${deps.portalId()}/${crypto.randomUUID()}.jpg`;
  await deps.store.put(key, bytes, 'image/jpeg');
  // runAction's two steps, with the stored banner removed between them if the placement is not
  // committed (nothing half-written); a cache that fails afterwards leaves both in place.
  const { result: id, invalidation } = await deps.sequelize
    .transaction((tx) => runActionIn(tx, ctx, adPlace, { ...v, imageKey: key }))
    .catch(async (err) => {
      await deps.store.remove(key).catch(() => undefined);
      throw err;
    });
  await invalidate(deps.cache, invalidation);
  return id;
}

export async function withdrawPlacement(deps: AdDeps, ctx: ActionContext, id: number) {
  await runAction(deps, ctx, adWithdraw, { id });
}

export async function recordRevenue(
  deps: AdDeps,
  ctx: ActionContext,
  placementId: number,
  raw: Record<string, unknown>,
) {
  await runUncachedAction(deps.sequelize, ctx, adRevenueRecord, { placementId, raw });
}

export interface ShownAd {
  id: number;
  slot: Slot;
  title: string;
}

/** The placements a site shows today, one per slot (the most recently started). */
export async function adsFor(
  sequelize: Sequelize,
  siteId: number,
  now = new Date(),
): Promise<Partial<Record<Slot, ShownAd>>> {
  const rows = await sequelize.query<{ id: string; slot: Slot; title: string }>(
    `SELECT DISTINCT ON (slot) id, slot, title FROM ad_placements
      WHERE NOT withdrawn AND :today::date BETWEEN starts_on AND ends_on AND (site_ids IS NULL OR :site = ANY(site_ids))
      ORDER BY slot, starts_on DESC, id DESC`,
    { replacements: { today: vnDay(now), site: siteId }, type: QueryTypes.SELECT },
  );
  return Object.fromEntries(rows.map((r) => [r.slot, { id: Number(r.id), slot: r.slot, title: r.title }]));
}

/** A placement as the public routes need it: only while it may be shown on that site. */
export async function livePlacement(sequelize: Sequelize, id: number, siteId: number, now = new Date()) {
  const [row] = await sequelize.query<{ linkUrl: string; imageKey: string; imageMime: string }>(
    `SELECT link_url AS "linkUrl", image_key AS "imageKey", image_mime AS "imageMime" FROM ad_placements
      WHERE id = :id AND NOT withdrawn AND :today::date BETWEEN starts_on AND ends_on
        AND (site_ids IS NULL OR :site = ANY(site_ids))`,
    { replacements: { id, site: siteId, today: vnDay(now) }, type: QueryTypes.SELECT },
  );
  return row ?? null;
}

type AdCounts = { impressions: number; clicks: number };

/** Impressions and clicks per placement and day, added up in memory, flushed additively. */
export class AdCounter {
  private readonly tallies = new Tallies<AdCounts>((a, b) => ({
    impressions: a.impressions + b.impressions,
    clicks: a.clicks + b.clicks,
  }));

  count(placementId: number, what: keyof AdCounts, now = new Date()) {
    this.tallies.add(`${placementId}|${vnDay(now)}`, {
      impressions: what === 'impressions' ? 1 : 0,
      clicks: what === 'clicks' ? 1 : 0,
    });
  }

  async flush(sequelize: Sequelize) {
    await this.tallies.flush(async (batch) => {
      const ids: number[] = [];
      const days: string[] = [];
      const imps: number[] = [];
      const clicks: number[] = [];
      for (const [key, c] of batch) {
        const [id, d] = key.split('|');
        ids.push(Number(id));
        days.push(d!);
        imps.push(c.impressions);
        clicks.push(c.clicks);
      }
      await sequelize.query(
        `INSERT INTO ad_stats (placement_id, day, impressions, clicks)
         SELECT v.p, v.d, v.i, v.c FROM unnest(ARRAY[:ids]::bigint[], ARRAY[:days]::date[], ARRAY[:imps]::bigint[], ARRAY[:clicks]::bigint[]) AS v(p, d, i, c)
           JOIN ad_placements a ON a.id = v.p
         ON CONFLICT (placement_id, day) DO UPDATE
           SET impressions = ad_stats.impressions + EXCLUDED.impressions, clicks = ad_stats.clicks + EXCLUDED.clicks`,
        { replacements: { ids, days, imps, clicks }, type: QueryTypes.INSERT },
      );
    });
  }
}

/** The advertising report of a period: every placement that ran, with its counts and revenue. */
export async function adReport(sequelize: Sequelize, from: string, to: string) {
  const rows = await sequelize.query<Record<string, unknown>>(
    `SELECT a.id, a.slot, a.advertiser, a.title, a.link_url AS "linkUrl", to_char(a.starts_on, 'YYYY-MM-DD') AS "startsOn",
            to_char(a.ends_on, 'YYYY-MM-DD') AS "endsOn", a.withdrawn, a.site_ids AS "siteIds",
            coalesce((SELECT sum(impressions) FROM ad_stats s WHERE s.placement_id = a.id AND s.day BETWEEN :from::date AND :to::date), 0) AS impressions,
            coalesce((SELECT sum(clicks) FROM ad_stats s WHERE s.placement_id = a.id AND s.day BETWEEN :from::date AND :to::date), 0) AS clicks,
            coalesce((SELECT sum(amount) FROM ad_revenues r WHERE r.placement_id = a.id AND r.received_on BETWEEN :from::date AND :to::date), 0) AS revenue
       FROM ad_placements a
      WHERE a.starts_on <= :to::date AND a.ends_on >= :from::date
      ORDER BY a.starts_on DESC, a.id DESC`,
    { replacements: { from, to }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    ...r,
    siteIds: (r.siteIds as number[] | null) ?? null,
    withdrawn: r.withdrawn === true,
    id: Number(r.id),
    impressions: Number(r.impressions),
    clicks: Number(r.clicks),
    revenue: Number(r.revenue),
    slotLabel: SLOTS[r.slot as Slot],
  }));
}
