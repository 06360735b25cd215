// The people behind a site's content, as its back office shows them: who writes for the site (and
// so may be given an event to cover), and the names behind the ids in its history. People are the
// platform's; which of them work on a site is the site's own grants (siteData).
import type { Transaction } from 'sequelize';
import { activeGrantWhere } from '../auth/access';
import { Person } from '../auth/person.model';
import { siteData } from '../db/site-data';

/** The site roles that write content. */
const WRITING_ROLES = ['editor', 'contributor', 'approver', 'site_admin'];

/** Ids of the people who hold a writing role on the site now. */
export async function siteWriterIds(siteId: number): Promise<number[]> {
  const grants = await siteData({ id: siteId }).grants.findAll({
    where: { role: WRITING_ROLES, ...activeGrantWhere() },
    attributes: ['personId'],
  });
  return grants.map((g) => g.personId);
}

/** Whether the person writes for the site now. */
export async function writesFor(siteId: number, personId: number, transaction?: Transaction): Promise<boolean> {
  const grant = await siteData({ id: siteId }).grants.findOne({
    where: { personId, role: WRITING_ROLES, ...activeGrantWhere() },
    attributes: ['id'],
    transaction,
  });
  return grant !== null;
}

/** Full names by person id, for the ids a screen shows (missing people are left out). */
export async function namesOf(ids: Iterable<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set([...ids].filter((x): x is number => x !== null))];
  if (wanted.length === 0) return new Map();
  const people = await Person.findAll({ where: { id: wanted }, attributes: ['id', 'fullName'] });
  return new Map(people.map((p) => [p.id, p.fullName]));
}
