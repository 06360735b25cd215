// Royalties' changes, as actions (server/actions/): an entry recorded on a published item of a
// site (its approvers) or deleted while unpaid, entries paid (the Trung tâm's operators, across
// sites), a new version of the rate table, and an export of the statement (audited). No page
// shows royalties, so none makes a cached page stale.
import type { Sequelize } from 'sequelize';
import { z } from 'zod';
import type { Site } from '../../tenants/tenant.types';
import { defineAction, type ActorCtx } from '../actions/action';
import { can } from '../auth/can.policy';
import { vnDay } from '../calendar/working-calendar';
import { ValidationError, forbidden, notFound, parseOrThrow } from '../core/errors';
import { crossSite } from '../db/cross-site';
import { platformSql } from '../db/platform-data';
import { siteData } from '../db/site-data';
import { PAYMENT_DAYS, ratesOn, ROLE_LABELS, royaltyAmount } from './royalty-rates';

const decimal = (label: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().replace(',', '.') : v),
    z
      .string()
      .regex(/^\d{1,4}(\.\d{1,2})?$/, `${label}: số, tối đa 2 chữ số thập phân`)
      .transform(Number)
      .pipe(z.number().positive(`${label}: phải lớn hơn 0`).max(max, `${label}: tối đa ${max}`)),
  );

const entrySchema = z.object({
  personName: z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'Người nhận: bắt buộc').max(120, 'Người nhận: tối đa 120 ký tự')),
  role: z.enum(['author', 'photographer', 'translator'], { message: 'Vai trò không hợp lệ' }),
  genreCode: z.string().min(1, 'Thể loại: bắt buộc'),
  coefficient: decimal('Hệ số', 1000),
  share: z.preprocess(
    (v) => (v === '' || v == null ? '100' : v),
    decimal('Tỷ lệ hưởng (%)', 100).transform((p) => p / 100),
  ),
});

const mayRecord = (who: ActorCtx, site: Pick<Site, 'id'>) =>
  can(who.actor, 'content.publish', { tenantId: site.id }) ? null : forbidden();
const mayManage = (who: ActorCtx) => (can(who.actor, 'royalties.manage') ? null : forbidden());

/**
 * One entry on a published item of the site: amount = coefficient × unit value × (1 + add-ons) ×
 * share, with the rates in force on the publication date (read with `sequelize`).
 */
export const royaltyRecord = (sequelize: Sequelize) =>
  defineAction({
    name: 'royalty.record',
    check: (who: ActorCtx, input: { site: Pick<Site, 'id'>; itemId: number; raw: Record<string, unknown> }) =>
      mayRecord(who, input.site),
    async execute(who, { site, itemId, raw }, tx) {
      const v = parseOrThrow(entrySchema, raw);
      const db = siteData(site);
      const item = await db.items.findByPk(itemId, { transaction: tx, lock: true });
      if (!item) throw notFound('Không tìm thấy tin bài');
      if (!item.publishedAt) throw new ValidationError({ _: 'Chỉ ghi nhuận bút cho tin bài đã đăng.' });
      const publishedOn = vnDay(item.publishedAt);
      const rates = await ratesOn(sequelize, publishedOn, tx);
      if (!rates.baseSalary)
        throw new ValidationError({ _: `Chưa có mức lương cơ sở áp dụng cho ngày ${publishedOn}.` });
      const genre = rates.genres.find((g) => g.code === v.genreCode);
      if (!genre) throw new ValidationError({ genreCode: 'Thể loại không có trong bảng nhuận bút áp dụng' });
      if (v.coefficient > genre.maxCoefficient)
        throw new ValidationError({
          coefficient: `Hệ số vượt mức tối đa của thể loại "${genre.label}" (${genre.maxCoefficient})`,
        });
      const addons: Record<string, number> = {};
      for (const a of rates.addons) {
        const rawPct = raw[`addon_${a.code}`];
        if (rawPct === undefined || rawPct === '') continue;
        const pct = Number(String(rawPct).replace(',', '.'));
        if (!Number.isFinite(pct) || pct < 0 || pct > a.maxPercent)
          throw new ValidationError({ [`addon_${a.code}`]: `${a.label}: từ 0 đến ${a.maxPercent} %` });
        if (pct > 0) addons[a.code] = pct;
      }
      const addonPercent = Object.values(addons).reduce((s, p) => s + p, 0);
      // Co-authors share one royalty: the shares of one role on one item add up to at most 100 %.
      const [taken] = await db.sql.select<{ total: string | null }>(
        'SELECT sum(share) AS total FROM royalty_entries WHERE tenant_id = :site AND item_id = :item AND role = :role',
        { replacements: { item: item.id, role: v.role }, transaction: tx },
      );
      if (Number(taken?.total ?? 0) + v.share > 1.00001)
        throw new ValidationError({
          share: `Tổng tỷ lệ hưởng của ${ROLE_LABELS[v.role].toLowerCase()} cho tin này vượt 100 % (đã ghi ${Math.round(Number(taken?.total ?? 0) * 100)} %)`,
        });
      const due = new Date(`${publishedOn}T00:00:00Z`);
      due.setUTCDate(due.getUTCDate() + PAYMENT_DAYS);
      const amount = royaltyAmount(v.coefficient, rates.baseSalary.amount, addonPercent, v.share);
      const [row] = await db.sql.change<{ id: string }>(
        `INSERT INTO royalty_entries (tenant_id, item_id, person_name, role, genre_code, coefficient, addons, addon_percent,
                                      share, base_salary, unit_value, amount, published_on, due_on, created_by)
         VALUES (:site, :item, :name, :role, :genre, :coefficient, :addons::jsonb, :addonPercent, :share, :base,
                 :unit, :amount, :publishedOn, :dueOn, :by)
         RETURNING id`,
        {
          replacements: {
            item: item.id,
            name: v.personName,
            role: v.role,
            genre: genre.code,
            coefficient: v.coefficient,
            addons: JSON.stringify(addons),
            addonPercent,
            share: v.share,
            base: rates.baseSalary.amount,
            unit: rates.baseSalary.amount / 10,
            amount,
            publishedOn,
            dueOn: due.toISOString().slice(0, 10),
            by: who.actor!.id,
          },
          transaction: tx,
        },
      );
      return { id: Number(row!.id), amount, itemId: item.id, person: v.personName, role: v.role, genre: genre.code };
    },
    audit: (_who, { site }, r) => ({
      action: 'royalty.record',
      tenantId: site.id,
      targetType: 'royalty_entry',
      targetId: r.id,
      summary: { itemId: r.itemId, person: r.person, role: r.role, genre: r.genre, amount: r.amount },
    }),
    invalidates: () => ({}),
  });

/** Removes an entry recorded by mistake, while it is unpaid. */
export const royaltyDelete = defineAction({
  name: 'royalty.delete',
  check: (who: ActorCtx, input: { site: Pick<Site, 'id'>; entryId: number }) => mayRecord(who, input.site),
  async execute(_who, input, tx) {
    const [row] = await siteData(input.site).sql.change<{ person: string; amount: string }>(
      `DELETE FROM royalty_entries WHERE id = :id AND tenant_id = :site AND paid_at IS NULL
       RETURNING person_name AS person, amount`,
      { replacements: { id: input.entryId }, transaction: tx },
    );
    if (!row) throw new ValidationError({ _: 'Không xóa được: khoản này không có hoặc đã chi trả.' });
    return { person: row.person, amount: Number(row.amount) };
  },
  audit: (_who, input, summary) => ({
    action: 'royalty.delete',
    tenantId: input.site.id,
    targetType: 'royalty_entry',
    targetId: input.entryId,
    summary,
  }),
  invalidates: () => ({}),
});

/**
 * The Trung tâm records payment of entries, whatever their sites: found across sites (the
 * central statements' read), then marked paid site by site.
 */
export const royaltiesPay = defineAction({
  name: 'royalty.pay',
  check(who: ActorCtx, input: { entryIds: number[] }) {
    const refusal = mayManage(who);
    if (refusal) return refusal;
    return input.entryIds.length ? null : new ValidationError({ _: 'Chọn ít nhất một khoản để ghi đã chi trả.' });
  },
  async execute(who, input, tx) {
    const unpaid = await crossSite('central-reports').select<{ tenantId: number }>(
      `SELECT DISTINCT tenant_id AS "tenantId" FROM royalty_entries
        WHERE id = ANY(ARRAY[:ids]::bigint[]) AND paid_at IS NULL`,
      { replacements: { ids: input.entryIds }, transaction: tx },
    );
    const paid: { id: string; amount: string }[] = [];
    for (const { tenantId } of unpaid)
      paid.push(
        ...(await siteData({ id: tenantId }).sql.change<{ id: string; amount: string }>(
          `UPDATE royalty_entries SET paid_at = now(), paid_by = :by
            WHERE tenant_id = :site AND id = ANY(ARRAY[:ids]::bigint[]) AND paid_at IS NULL
            RETURNING id, amount`,
          { replacements: { ids: input.entryIds, by: who.actor!.id }, transaction: tx },
        )),
      );
    return paid;
  },
  audit: (_who, _input, rows) => ({
    action: 'royalty.pay',
    targetType: 'royalty_entry',
    targetId: rows.map((x) => x.id).join(','),
    summary: { entries: rows.length, amount: rows.reduce((s, x) => s + Number(x.amount), 0) },
  }),
  invalidates: () => ({}),
});

const RATE_TABLES = { baseSalary: 'base_salaries', genre: 'royalty_genres', addon: 'royalty_addons' } as const;
const validFrom = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày áp dụng: YYYY-MM-DD');
const legalBasis = z.string().trim().min(3, 'Căn cứ: bắt buộc').max(300);
const rateSchema = {
  baseSalary: z.object({
    amount: z.preprocess(
      (v) => String(v ?? '').replace(/[.\s]/g, ''),
      z.string().regex(/^\d{5,10}$/, 'Mức lương: số đồng'),
    ),
    validFrom,
    legalBasis,
  }),
  genre: z.object({
    code: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Mã: chữ thường, số, gạch nối'),
    label: z.string().trim().min(1, 'Tên: bắt buộc').max(200),
    max: decimal('Hệ số tối đa', 1000),
    validFrom,
    legalBasis,
  }),
};

/** A new version of the rate table: a base salary, or a genre's or an add-on's ceiling, from a date. */
export const royaltyRateAdd = defineAction({
  name: 'royalty.rates',
  check: (who: ActorCtx, _input: { kind: keyof typeof RATE_TABLES; raw: Record<string, unknown> }) => mayManage(who),
  async execute(who, { kind, raw }, tx) {
    const table = RATE_TABLES[kind];
    try {
      if (kind === 'baseSalary') {
        const v = parseOrThrow(rateSchema.baseSalary, raw);
        const summary = { amount: Number(v.amount), validFrom: v.validFrom, legalBasis: v.legalBasis };
        await platformSql.change(
          `INSERT INTO base_salaries (amount, valid_from, legal_basis, created_by) VALUES (:amount, :validFrom, :legalBasis, :by)`,
          { replacements: { ...summary, by: who.actor!.id }, transaction: tx },
        );
        return summary;
      }
      const v = parseOrThrow(rateSchema.genre, raw);
      if (kind === 'addon' && v.max > 100) throw new ValidationError({ max: 'Phụ trội tối đa: không quá 100 %' });
      const summary = { code: v.code, label: v.label.normalize('NFC'), max: v.max, validFrom: v.validFrom };
      await platformSql.change(
        `INSERT INTO ${table} (code, label, ${kind === 'genre' ? 'max_coefficient' : 'max_percent'}, valid_from, legal_basis, created_by)
         VALUES (:code, :label, :max, :validFrom, :legalBasis, :by)`,
        { replacements: { ...summary, legalBasis: v.legalBasis, by: who.actor!.id }, transaction: tx },
      );
      return summary;
    } catch (err) {
      if ((err as { name?: string }).name === 'SequelizeUniqueConstraintError')
        throw new ValidationError({ validFrom: 'Đã có mức áp dụng từ ngày này' });
      throw err;
    }
  },
  audit: (_who, { kind }, summary) => ({ action: `royalty.rates.${kind}`, targetType: RATE_TABLES[kind], summary }),
  invalidates: () => ({}),
});

/** An export of the statements of a period (every line, names and amounts): who took a copy. */
export const royaltyExported = defineAction({
  name: 'royalty.export',
  check: (who: ActorCtx, _input: { siteId: number; format: string; period: string; central: boolean }) =>
    who.actor ? null : forbidden(),
  execute: async () => undefined, // nothing changes but the audit log
  audit: (_who, input) => ({
    action: 'royalty.export',
    tenantId: input.siteId,
    summary: { format: input.format, period: input.period, central: input.central },
  }),
  invalidates: () => ({}),
});
