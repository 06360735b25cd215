// Royalties (nhuận bút, Art 17.4; ND 18/2014 Art 4, 7, 8). For a published item the approver
// records who is paid (author, photographer, translator), the genre, the coefficient (at most the
// genre's ceiling), add-ons and co-authors' shares:
//   amount = coefficient × unit value × (1 + add-ons) × share,
// where the unit value is 10 % of the base salary in force on the publication date. The payment
// is due 60 days after publication. The rates are versioned data; an entry keeps its figures.
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Site } from '../../tenants/tenant.types';
import type { ActionContext } from '../audit/audit.service';
import { runUncachedAction } from '../actions/run-action';
import { can } from '../auth/can.policy';
import { vnDay } from '../calendar/working-calendar';
import type { Actor } from '../auth/access';
import { checkReportScope } from '../reports/report.service';
import { forbidden } from '../core/errors';
import { royaltiesPay, royaltyDelete, royaltyExported, royaltyRateAdd, royaltyRecord } from './royalty.actions';
import type { RoyaltyRole } from './royalty-rates';

export { PAYMENT_DAYS, ratesOn, ROLE_LABELS, royaltyAmount, type Rates, type RoyaltyRole } from './royalty-rates';

/** Records one royalty entry on a published item of the site (the approver's action). */
export async function recordRoyalty(
  sequelize: Sequelize,
  ctx: ActionContext,
  site: Site,
  itemId: number,
  raw: Record<string, unknown>,
) {
  const { id, amount } = await runUncachedAction(sequelize, ctx, royaltyRecord(sequelize), { site, itemId, raw });
  return { id, amount };
}

/** Removes an entry recorded by mistake, while it is unpaid. */
export async function deleteRoyalty(sequelize: Sequelize, ctx: ActionContext, site: Site, entryId: number) {
  await runUncachedAction(sequelize, ctx, royaltyDelete, { site, entryId });
}

/** The Trung tâm records payment of a person's entries (operators); the number paid. */
export async function markPaid(sequelize: Sequelize, ctx: ActionContext, entryIds: number[]) {
  return (await runUncachedAction(sequelize, ctx, royaltiesPay, { entryIds })).length;
}

/** A new version of the rate table: a base salary, or a genre's ceiling, from a date. */
export async function addRate(
  sequelize: Sequelize,
  ctx: ActionContext,
  kind: 'baseSalary' | 'genre' | 'addon',
  raw: Record<string, unknown>,
) {
  await runUncachedAction(sequelize, ctx, royaltyRateAdd, { kind, raw });
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

/**
 * Every entry of the sites' statements for a period, for an export of the file: recorded in the
 * audit log first (who took a copy of names and amounts), on the site whose back office asked.
 */
export async function exportStatements(
  sequelize: Sequelize,
  ctx: ActionContext,
  siteId: number,
  f: { from: string; to: string; label: string; siteIds: number[]; format: 'csv' | 'xlsx'; central: boolean },
) {
  await runUncachedAction(sequelize, ctx, royaltyExported, {
    siteId,
    format: f.format,
    period: f.label,
    central: f.central,
  });
  return (await statements(sequelize, ctx.actor, { from: f.from, to: f.to, siteIds: f.siteIds, allEntries: true }))
    .entries;
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
