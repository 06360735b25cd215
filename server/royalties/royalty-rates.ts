// The royalty rates (ND 18/2014 Art 4, 7, 8): the base salary, the genres' ceilings and the
// add-ons in force on a day, versioned by their date, and the formula of an entry's amount.
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

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
