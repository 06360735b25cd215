// Advertising's changes, as actions (server/actions/): a placement put up, withdrawn, and its
// revenue recorded. A placement shows on its sites' pages (all, when it names none): putting it up
// or withdrawing it renews those pages; revenue shows on no page.
import { z } from 'zod';
import { defineAction, type ActorCtx } from '../actions/action';
import { can } from '../auth/can.policy';
import { ValidationError, forbidden, parseOrThrow } from '../core/errors';
import { platformSql } from '../db/platform-data';

export const day = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: YYYY-MM-DD`);

/** Whether the actor may place and withdraw ads (the refusal, or null). */
export const mayManage = (who: ActorCtx) => (can(who.actor, 'ads.manage') ? null : forbidden());
/** The pages a placement is on: its sites, or every site when it names none. */
const pagesOf = (siteIds: readonly number[] | null) => (siteIds?.length ? { sites: siteIds } : { allSites: true });

export interface Placement {
  slot: 'header' | 'sidebar' | 'footer';
  advertiser: string;
  title: string;
  linkUrl: string;
  startsOn: string;
  endsOn: string;
  siteIds: number[];
  /** The banner, already checked, re-encoded and stored. */
  imageKey: string;
}

export const adPlace = defineAction({
  name: 'ad.place',
  check: (who: ActorCtx, _input: Placement) => mayManage(who),
  async execute(who, v, tx) {
    const [row] = await platformSql.change<{ id: string }>(
      `INSERT INTO ad_placements (slot, advertiser, title, link_url, image_key, image_mime, starts_on, ends_on, site_ids, created_by)
       VALUES (:slot, :advertiser, :title, :linkUrl, :imageKey, 'image/jpeg', :startsOn, :endsOn,
               ${v.siteIds.length ? 'ARRAY[:siteIds]::int[]' : 'NULL'}, :by)
       RETURNING id`,
      { replacements: { ...v, by: who.actor!.id }, transaction: tx },
    );
    return Number(row!.id);
  },
  audit: (_who, v, id) => ({
    action: 'ad.place',
    targetType: 'ad_placement',
    targetId: id,
    summary: { advertiser: v.advertiser, slot: v.slot, startsOn: v.startsOn, endsOn: v.endsOn },
  }),
  invalidates: (v) => pagesOf(v.siteIds),
});

export const adWithdraw = defineAction({
  name: 'ad.withdraw',
  check: (who: ActorCtx, _input: { id: number }) => mayManage(who),
  async execute(_who, input, tx) {
    const [row] = await platformSql.change<{ siteIds: number[] | null }>(
      `UPDATE ad_placements SET withdrawn = true WHERE id = :id AND NOT withdrawn RETURNING site_ids AS "siteIds"`,
      { replacements: { id: input.id }, transaction: tx },
    );
    if (!row) throw new ValidationError({ _: 'Không có quảng cáo này, hoặc đã gỡ.' });
    return row.siteIds;
  },
  audit: (_who, input) => ({ action: 'ad.withdraw', targetType: 'ad_placement', targetId: input.id }),
  invalidates: (_input, siteIds) => pagesOf(siteIds),
});

const revenueSchema = z.object({
  amount: z.preprocess(
    (x) => String(x ?? '').replace(/[.\s]/g, ''),
    z
      .string()
      .regex(/^\d{1,13}$/, 'Số tiền: số đồng')
      .transform(Number)
      .pipe(z.number().positive('Số tiền: lớn hơn 0')),
  ),
  receivedOn: day('Ngày nhận'),
  note: z.string().trim().max(500).optional(),
});

export const adRevenueRecord = defineAction({
  name: 'ad.revenue',
  check: (who: ActorCtx, _input: { placementId: number; raw: Record<string, unknown> }) => mayManage(who),
  async execute(who, input, tx) {
    const v = parseOrThrow(revenueSchema, input.raw);
    const rows = await platformSql.change(
      `INSERT INTO ad_revenues (placement_id, amount, received_on, note, recorded_by)
       SELECT id, :amount, :receivedOn, :note, :by FROM ad_placements WHERE id = :placementId RETURNING id`,
      {
        replacements: { ...v, note: v.note || null, placementId: input.placementId, by: who.actor!.id },
        transaction: tx,
      },
    );
    if (rows.length === 0) throw new ValidationError({ _: 'Không có quảng cáo này.' });
    return v.amount;
  },
  audit: (_who, input, amount) => ({
    action: 'ad.revenue',
    targetType: 'ad_placement',
    targetId: input.placementId,
    summary: { amount },
  }),
  invalidates: () => ({}),
});
