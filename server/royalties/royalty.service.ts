// Royalties (nhuận bút, Art 17.4; ND 18/2014 Art 4, 7, 8). For a published item the approver
// records who is paid (author, photographer, translator), the genre, the coefficient (at most the
// genre's ceiling), add-ons and co-authors' shares:
//   amount = coefficient × unit value × (1 + add-ons) × share,
// where the unit value is 10 % of the base salary in force on the publication date. The payment
// is due 60 days after publication. The rates are versioned data; an entry keeps its figures.
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { z } from 'zod';
import type { Site } from '../../tenants/tenant.types';
import { recordAudit, type ActionContext } from '../audit/audit.service';
import { can } from '../auth/can.policy';
import { vnDay } from '../calendar/working-calendar';
import { Item } from '../content/item.model';
import type { Actor } from '../auth/access';
import { checkReportScope } from '../reports/report.service';
import { ValidationError, forbidden, notFound, parseOrThrow } from '../core/errors';

export const ROLE_LABELS = { author: 'Tác giả', photographer: 'Người chụp ảnh', translator: 'Người dịch' } as const;
export type RoyaltyRole = keyof typeof ROLE_LABELS;
export const PAYMENT_DAYS = 60;

export interface Rates {
  day: string;
  baseSalary: { amount: number; validFrom: string; legalBasis: string } | null;
  genres: { code: string; label: string; maxCoefficient: number }[];
  addons: { code: string; label: string; maxPercent: number }[];
}

/** The base salary, the genres' ceilings and the add-ons in force on a Vietnam day. */
export async function ratesOn(sequelize: Sequelize, day: string, transaction?: Transaction): Promise<Rates> {
  const opts = { replacements: { day }, type: QueryTypes.SELECT, transaction } as const;
  const [base] = await sequelize.query<{ amount: string; validFrom: string; legalBasis: string }>(
    `SELECT amount, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", legal_basis AS "legalBasis"
       FROM base_salaries WHERE valid_from <= :day::date ORDER BY valid_from DESC LIMIT 1`,
    opts,
  );
  const genres = await sequelize.query<{ code: string; label: string; maxCoefficient: string }>(
    `SELECT DISTINCT ON (code) code, label, max_coefficient AS "maxCoefficient"
       FROM royalty_genres WHERE valid_from <= :day::date ORDER BY code, valid_from DESC`,
    opts,
  );
  const addons = await sequelize.query<{ code: string; label: string; maxPercent: string }>(
    `SELECT DISTINCT ON (code) code, label, max_percent AS "maxPercent"
       FROM royalty_addons WHERE valid_from <= :day::date ORDER BY code, valid_from DESC`,
    opts,
  );
  return {
    day,
    baseSalary: base ? { ...base, amount: Number(base.amount) } : null,
    genres: genres.map((g) => ({ ...g, maxCoefficient: Number(g.maxCoefficient) })),
    addons: addons.map((a) => ({ ...a, maxPercent: Number(a.maxPercent) })),
  };
}

/** The amount in whole đồng: coefficient × (10 % of the base salary) × (1 + add-ons %) × share. */
export function royaltyAmount(coefficient: number, baseSalary: number, addonPercent: number, share: number) {
  return Math.round(coefficient * (baseSalary / 10) * (1 + addonPercent / 100) * share);
}

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

/** Records one royalty entry on a published item of the site (the approver's action). */
export async function recordRoyalty(
  sequelize: Sequelize,
  ctx: ActionContext,
  site: Site,
  itemId: number,
  raw: Record<string, unknown>,
) {
  if (!can(ctx.actor, 'content.publish', { tenantId: site.id })) throw forbidden();
  const v = parseOrThrow(entrySchema, raw);
  return sequelize.transaction(async (transaction) => {
    const item = await Item.findOne({ where: { id: itemId, tenantId: site.id }, transaction, lock: true });
    if (!item) throw notFound('Không tìm thấy tin bài');
    if (!item.publishedAt) throw new ValidationError({ _: 'Chỉ ghi nhuận bút cho tin bài đã đăng.' });
    const publishedOn = vnDay(item.publishedAt);
    const rates = await ratesOn(sequelize, publishedOn, transaction);
    if (!rates.baseSalary) throw new ValidationError({ _: `Chưa có mức lương cơ sở áp dụng cho ngày ${publishedOn}.` });
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
    const [taken] = await sequelize.query<{ total: string | null }>(
      'SELECT sum(share) AS total FROM royalty_entries WHERE tenant_id = :site AND item_id = :item AND role = :role',
      { replacements: { site: site.id, item: item.id, role: v.role }, type: QueryTypes.SELECT, transaction },
    );
    if (Number(taken?.total ?? 0) + v.share > 1.00001)
      throw new ValidationError({
        share: `Tổng tỷ lệ hưởng của ${ROLE_LABELS[v.role].toLowerCase()} cho tin này vượt 100 % (đã ghi ${Math.round(Number(taken?.total ?? 0) * 100)} %)`,
      });
    const due = new Date(`${publishedOn}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + PAYMENT_DAYS);
    const amount = royaltyAmount(v.coefficient, rates.baseSalary.amount, addonPercent, v.share);
    const rows = await sequelize.query<{ id: string }>(
      `INSERT INTO royalty_entries (tenant_id, item_id, person_name, role, genre_code, coefficient, addons, addon_percent,
                                    share, base_salary, unit_value, amount, published_on, due_on, created_by)
       VALUES (:site, :item, :name, :role, :genre, :coefficient, :addons::jsonb, :addonPercent, :share, :base,
               :unit, :amount, :publishedOn, :dueOn, :by)
       RETURNING id`,
      {
        replacements: {
          site: site.id,
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
          by: ctx.actor.id,
        },
        type: QueryTypes.SELECT,
        transaction,
      },
    );
    const id = Number(rows[0]!.id);
    await recordAudit(
      ctx,
      {
        action: 'royalty.record',
        tenantId: site.id,
        targetType: 'royalty_entry',
        targetId: id,
        summary: { itemId: item.id, person: v.personName, role: v.role, genre: genre.code, amount },
      },
      transaction,
    );
    return { id, amount };
  });
}

/** Removes an entry recorded by mistake, while it is unpaid. */
export async function deleteRoyalty(sequelize: Sequelize, ctx: ActionContext, site: Site, entryId: number) {
  if (!can(ctx.actor, 'content.publish', { tenantId: site.id })) throw forbidden();
  await sequelize.transaction(async (transaction) => {
    const [row] = await sequelize.query<{ paid: boolean; person: string; amount: string }>(
      `DELETE FROM royalty_entries WHERE id = :id AND tenant_id = :site AND paid_at IS NULL
       RETURNING true AS paid, person_name AS person, amount`,
      { replacements: { id: entryId, site: site.id }, type: QueryTypes.SELECT, transaction },
    );
    if (!row) throw new ValidationError({ _: 'Không xóa được: khoản này không có hoặc đã chi trả.' });
    await recordAudit(
      ctx,
      {
        action: 'royalty.delete',
        tenantId: site.id,
        targetType: 'royalty_entry',
        targetId: entryId,
        summary: { person: row.person, amount: Number(row.amount) },
      },
      transaction,
    );
  });
}

export interface RoyaltyEntryRow {
  id: number;
  tenantId: number;
  itemId: number;
  itemTitle: string;
  personName: string;
  role: RoyaltyRole;
  genreCode: string;
  coefficient: number;
  addonPercent: number;
  share: number;
  baseSalary: number;
  unitValue: number;
  amount: number;
  publishedOn: string;
  dueOn: string;
  paidAt: Date | null;
}

// The item is joined on the entry's own site: an entry that named another site's item (no service
// writes one) keeps its amount in the totals but never shows that site's title.
const ENTRY_COLUMNS = `e.id, e.tenant_id AS "tenantId", e.item_id AS "itemId", coalesce(i.title, '') AS "itemTitle",
  e.person_name AS "personName", e.role, e.genre_code AS "genreCode", e.coefficient, e.addon_percent AS "addonPercent",
  e.share, e.base_salary AS "baseSalary", e.unit_value AS "unitValue", e.amount,
  to_char(e.published_on, 'YYYY-MM-DD') AS "publishedOn", to_char(e.due_on, 'YYYY-MM-DD') AS "dueOn", e.paid_at AS "paidAt"`;

const toEntry = (r: Record<string, unknown>): RoyaltyEntryRow => ({
  ...(r as unknown as RoyaltyEntryRow),
  id: Number(r.id),
  itemId: Number(r.itemId),
  coefficient: Number(r.coefficient),
  addonPercent: Number(r.addonPercent),
  share: Number(r.share),
  baseSalary: Number(r.baseSalary),
  unitValue: Number(r.unitValue),
  amount: Number(r.amount),
});

/** An item's entries, for those who record them (the site's approvers) or read the site's figures. */
export async function entriesOfItem(sequelize: Sequelize, actor: Actor, siteId: number, itemId: number) {
  if (!can(actor, 'content.publish', { tenantId: siteId }) && !can(actor, 'reports.readSite', { tenantId: siteId }))
    throw forbidden();
  const rows = await sequelize.query<Record<string, unknown>>(
    `SELECT ${ENTRY_COLUMNS} FROM royalty_entries e LEFT JOIN items i ON i.id = e.item_id AND i.tenant_id = e.tenant_id
      WHERE e.tenant_id = :site AND e.item_id = :item ORDER BY e.id`,
    { replacements: { site: siteId, item: itemId }, type: QueryTypes.SELECT },
  );
  return rows.map(toEntry);
}

export interface StatementFilter {
  from: string;
  to: string;
  siteIds: number[];
  person?: string;
  /** Every entry of the period (for exports), not only one person's. */
  allEntries?: boolean;
}

/**
 * Statements for a period (by publication date): per person, with totals paid and unpaid; per
 * site; and, for one person, every entry. All sums are SQL aggregates.
 */
export async function statements(sequelize: Sequelize, actor: Actor, f: StatementFilter) {
  // The same rule as the reports, from the person's own grants: never only the caller's filter.
  checkReportScope(actor, f.siteIds);
  const r = { from: f.from, to: f.to, sites: f.siteIds.length ? f.siteIds : [0], person: f.person ?? null };
  const where = `e.tenant_id = ANY(ARRAY[:sites]::int[]) AND e.published_on BETWEEN :from::date AND :to::date`;
  const q = <T extends object>(sql: string) => sequelize.query<T>(sql, { replacements: r, type: QueryTypes.SELECT });
  const [people, sites, entries] = await Promise.all([
    q<Record<string, unknown>>(
      `SELECT e.person_name AS "personName", count(*) AS entries, sum(e.amount) AS amount,
              sum(e.amount) FILTER (WHERE e.paid_at IS NULL) AS unpaid,
              min(e.due_on) FILTER (WHERE e.paid_at IS NULL) AS "nextDue"
         FROM royalty_entries e WHERE ${where}
        GROUP BY 1 ORDER BY 1`,
    ),
    q<Record<string, unknown>>(
      `SELECT e.tenant_id AS "siteId", count(*) AS entries, sum(e.amount) AS amount,
              sum(e.amount) FILTER (WHERE e.paid_at IS NULL) AS unpaid
         FROM royalty_entries e WHERE ${where}
        GROUP BY 1 ORDER BY 3 DESC`,
    ),
    f.person || f.allEntries
      ? q<Record<string, unknown>>(
          `SELECT ${ENTRY_COLUMNS} FROM royalty_entries e LEFT JOIN items i ON i.id = e.item_id AND i.tenant_id = e.tenant_id
            WHERE ${where} ${f.allEntries ? '' : 'AND e.person_name = :person'}
            ORDER BY e.person_name, e.published_on, e.id`,
        )
      : Promise.resolve([]),
  ]);
  return {
    people: people.map((p) => ({
      personName: String(p.personName),
      entries: Number(p.entries),
      amount: Number(p.amount),
      unpaid: Number(p.unpaid ?? 0),
      nextDue: p.nextDue ? vnDay(new Date(p.nextDue as string)) : null,
    })),
    sites: sites.map((s) => ({
      siteId: Number(s.siteId),
      entries: Number(s.entries),
      amount: Number(s.amount),
      unpaid: Number(s.unpaid ?? 0),
    })),
    entries: entries.map(toEntry),
  };
}

/** The Trung tâm records payment of a person's entries (operators). */
export async function markPaid(sequelize: Sequelize, ctx: ActionContext, entryIds: number[]) {
  if (!can(ctx.actor, 'royalties.manage')) throw forbidden();
  if (entryIds.length === 0) throw new ValidationError({ _: 'Chọn ít nhất một khoản để ghi đã chi trả.' });
  return sequelize.transaction(async (transaction) => {
    const rows = await sequelize.query<{ id: string; tenantId: number; amount: string }>(
      `UPDATE royalty_entries SET paid_at = now(), paid_by = :by
        WHERE id = ANY(ARRAY[:ids]::bigint[]) AND paid_at IS NULL
        RETURNING id, tenant_id AS "tenantId", amount`,
      { replacements: { ids: entryIds, by: ctx.actor.id }, type: QueryTypes.SELECT, transaction },
    );
    await recordAudit(
      ctx,
      {
        action: 'royalty.pay',
        targetType: 'royalty_entry',
        targetId: rows.map((x) => x.id).join(','),
        summary: { entries: rows.length, amount: rows.reduce((s, x) => s + Number(x.amount), 0) },
      },
      transaction,
    );
    return rows.length;
  });
}

const rateSchema = {
  baseSalary: z.object({
    amount: z.preprocess(
      (v) => String(v ?? '').replace(/[.\s]/g, ''),
      z.string().regex(/^\d{5,10}$/, 'Mức lương: số đồng'),
    ),
    validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày áp dụng: YYYY-MM-DD'),
    legalBasis: z.string().trim().min(3, 'Căn cứ: bắt buộc').max(300),
  }),
  genre: z.object({
    code: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Mã: chữ thường, số, gạch nối'),
    label: z.string().trim().min(1, 'Tên: bắt buộc').max(200),
    max: decimal('Hệ số tối đa', 1000),
    validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày áp dụng: YYYY-MM-DD'),
    legalBasis: z.string().trim().min(3, 'Căn cứ: bắt buộc').max(300),
  }),
};

/** A new version of the rate table: a base salary, or a genre's ceiling, from a date. */
export async function addRate(
  sequelize: Sequelize,
  ctx: ActionContext,
  kind: 'baseSalary' | 'genre' | 'addon',
  raw: Record<string, unknown>,
) {
  if (!can(ctx.actor, 'royalties.manage')) throw forbidden();
  const table = kind === 'baseSalary' ? 'base_salaries' : kind === 'genre' ? 'royalty_genres' : 'royalty_addons';
  await sequelize.transaction(async (transaction) => {
    let summary: Record<string, unknown>;
    try {
      if (kind === 'baseSalary') {
        const v = parseOrThrow(rateSchema.baseSalary, raw);
        summary = { amount: Number(v.amount), validFrom: v.validFrom, legalBasis: v.legalBasis };
        await sequelize.query(
          `INSERT INTO base_salaries (amount, valid_from, legal_basis, created_by) VALUES (:amount, :validFrom, :legalBasis, :by)`,
          { replacements: { ...summary, by: ctx.actor.id }, transaction },
        );
      } else {
        const v = parseOrThrow(rateSchema.genre, raw);
        if (kind === 'addon' && v.max > 100) throw new ValidationError({ max: 'Phụ trội tối đa: không quá 100 %' });
        summary = { code: v.code, label: v.label.normalize('NFC'), max: v.max, validFrom: v.validFrom };
        await sequelize.query(
          `INSERT INTO ${table} (code, label, ${kind === 'genre' ? 'max_coefficient' : 'max_percent'}, valid_from, legal_basis, created_by)
           VALUES (:code, :label, :max, :validFrom, :legalBasis, :by)`,
          { replacements: { ...summary, legalBasis: v.legalBasis, by: ctx.actor.id }, transaction },
        );
      }
    } catch (err) {
      if ((err as { name?: string }).name === 'SequelizeUniqueConstraintError')
        throw new ValidationError({ validFrom: 'Đã có mức áp dụng từ ngày này' });
      throw err;
    }
    await recordAudit(ctx, { action: `royalty.rates.${kind}`, targetType: table, summary }, transaction);
  });
}

/** Every version of the rate table, newest first, for the operators' page. */
export async function rateHistory(sequelize: Sequelize) {
  const q = <T extends object>(sql: string) => sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const [salaries, genres, addons] = await Promise.all([
    q<Record<string, unknown>>(
      `SELECT amount, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", legal_basis AS "legalBasis" FROM base_salaries ORDER BY valid_from DESC`,
    ),
    q<Record<string, unknown>>(
      `SELECT code, label, max_coefficient AS max, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", legal_basis AS "legalBasis" FROM royalty_genres ORDER BY code, valid_from DESC`,
    ),
    q<Record<string, unknown>>(
      `SELECT code, label, max_percent AS max, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", legal_basis AS "legalBasis" FROM royalty_addons ORDER BY code, valid_from DESC`,
    ),
  ]);
  return { salaries, genres, addons };
}
