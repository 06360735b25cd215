// A fingerprint of the rows a site owns, from the schema itself (information_schema), so that a
// new table with a `tenant_id` is covered without anyone listing it. A site's slice of a table is:
//   - its own rows: a `tenant_id` (or any column referencing `tenants`) equal to the site, or the
//     site in a `site_ids` array (advertisements, incidents, maintenance notices);
//   - rows that reference one of those rows by a foreign key (media_uses, ad_stats, a royalty entry
//     of any site that names one of its items…), or by an array of ids (ARRAY_REFS);
//   - rows of tables without a site (people) that the site's rows reference (its staff).
// The fingerprint is one md5 per (slice, table), over the rows' text in a fixed order.
import { Client } from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * Tables left out of every fingerprint, and why. Each changes legitimately on a refused request,
 * or is not data of a site.
 */
export const EXCLUDED_TABLES: Record<string, string> = {
  audit_log:
    'the audit trail: refusals, sign-ins, downloads and exports are recorded there on purpose; it is append-only and no route edits it',
  visit_days: 'visit counters: an anonymous page view counts (flushed by the scheduler), whatever the page',
  visit_pages: 'visit counters per page, as visit_days',
  schema_migrations: 'the migration ledger, not data of a site',
};

/**
 * Columns holding arrays of row ids (no foreign key can say so): the table they point into.
 * `site_ids` arrays are the site itself. Every integer-array column of the schema must be named
 * here or in SITE_ARRAYS, so that a new one is not silently left out.
 */
export const ARRAY_REFS: Record<string, string> = {
  'items.category_ids': 'categories',
  'items.attachment_ids': 'media',
  'item_revisions.category_ids': 'categories',
  'item_revisions.attachment_ids': 'media',
};
const SITE_ARRAY = 'site_ids';

interface Column {
  table: string;
  column: string;
  udt: string;
}
interface ForeignKey {
  table: string;
  column: string;
  ref: string;
}

export interface Fingerprinter {
  /** Tables in at least one slice, with how a row gets there (for the report). */
  readonly tables: Record<string, string[]>;
  /** Tables outside every slice (platform-wide rows). */
  readonly outside: string[];
  /** md5 per `<slice>:<table>`: the slices of these sites, and of the rows naming these people. */
  take(siteIds: number[], peopleIds: number[]): Promise<Map<string, string>>;
  close(): Promise<void>;
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

export async function fingerprinter(sequelize: Sequelize, url: string): Promise<Fingerprinter> {
  const columns = await sequelize.query<Column>(
    `SELECT table_name AS "table", column_name AS "column", udt_name AS udt
       FROM information_schema.columns c
      WHERE table_schema = 'public'
        AND EXISTS (SELECT 1 FROM information_schema.tables t
                     WHERE t.table_schema = 'public' AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')`,
    { type: QueryTypes.SELECT },
  );
  const fks = await sequelize.query<ForeignKey>(
    `SELECT kcu.table_name AS "table", kcu.column_name AS "column", ccu.table_name AS ref
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu
         ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
       JOIN information_schema.constraint_column_usage ccu
         ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`,
    { type: QueryTypes.SELECT },
  );
  const tables = [...new Set(columns.map((c) => c.table))].filter((t) => !(t in EXCLUDED_TABLES)).sort();
  const colsOf = (t: string) => columns.filter((c) => c.table === t);
  const fksOf = (t: string) => fks.filter((f) => f.table === t);

  // Every array of integers is either a site list or a known reference.
  for (const c of columns)
    if (/^_int[248]$/.test(c.udt) && c.column !== SITE_ARRAY && !(`${c.table}.${c.column}` in ARRAY_REFS))
      throw new Error(
        `${c.table}.${c.column} is an array of ids the fingerprint does not know: add it to ARRAY_REFS (fingerprint.ts)`,
      );

  /** The site's own rows of a table: columns that name the site. */
  const direct = (t: string, site: string): string[] => {
    const conds = new Set<string>();
    if (t === 'tenants') conds.add(`x.id = ${site}`);
    for (const c of colsOf(t)) {
      if (c.column === 'tenant_id') conds.add(`x.tenant_id = ${site}`);
      if (c.column === SITE_ARRAY) conds.add(`${site} = ANY(x.${SITE_ARRAY})`);
    }
    for (const f of fksOf(t)) if (f.ref === 'tenants') conds.add(`x.${q(f.column)} = ${site}`);
    return [...conds];
  };
  const owned = new Set(tables.filter((t) => direct(t, '0').length > 0));
  const ownWhere = (t: string, site: string, alias: string) =>
    direct(t, site)
      .map((c) => c.replace(/\bx\./g, `${alias}.`))
      .join(' OR ');
  const ownRows = (t: string, site: string, alias: string) =>
    `SELECT ${alias}.id FROM ${q(t)} ${alias} WHERE ${ownWhere(t, site, alias)}`;

  const how: Record<string, string[]> = {};
  const sliceOf = (t: string, site: string): string[] => {
    const conds = [...direct(t, site)];
    const why = conds.length ? ['its site column'] : [];
    // Rows that point at the site's rows.
    for (const f of fksOf(t))
      if (f.ref !== 'tenants' && owned.has(f.ref)) {
        conds.push(`x.${q(f.column)} IN (${ownRows(f.ref, site, 'r')})`);
        why.push(`${f.column} → ${f.ref}`);
      }
    for (const [key, ref] of Object.entries(ARRAY_REFS)) {
      const [table, column] = key.split('.') as [string, string];
      if (table !== t) continue;
      const type = colsOf(t)
        .find((c) => c.column === column)!
        .udt.slice(1);
      conds.push(`x.${q(column)} && ARRAY(${ownRows(ref, site, 'r')})::${type}[]`);
      why.push(`${column}[] → ${ref}`);
    }
    // Rows of a table without a site that the site's rows point at (people, for instance).
    if (!owned.has(t))
      for (const f of fks.filter((k) => k.ref === t && owned.has(k.table))) {
        conds.push(`x.id IN (SELECT r.${q(f.column)} FROM ${q(f.table)} r WHERE ${ownWhere(f.table, site, 'r')})`);
        why.push(`← ${f.table}.${f.column}`);
      }
    if (site === '0' && why.length) how[t] = [...new Set(why)];
    return conds;
  };
  /** Rows that name a person (created by, decided by…), and the person. */
  const actorSlice = (t: string, person: string): string[] => {
    const conds = fksOf(t)
      .filter((f) => f.ref === 'people')
      .map((f) => `x.${q(f.column)} = ${person}`);
    if (t === 'people') conds.push(`x.id = ${person}`);
    return conds;
  };
  for (const t of tables) sliceOf(t, '0');
  const inSlices = tables.filter((t) => sliceOf(t, '0').length > 0);

  const statement = (label: string, t: string, conds: string[]) =>
    `SELECT '${label}:${t}' AS k, md5(coalesce(string_agg(md5(x::text), ',' ORDER BY md5(x::text)), '')) || '/' || count(*) AS h
       FROM ${q(t)} x WHERE ${conds.map((c) => `(${c})`).join(' OR ')}`;
  // One statement per number of sites and people, prepared once on a connection of its own:
  // planning its hundred subqueries cost more than running them.
  const client = new Client({ connectionString: url });
  await client.connect();
  const texts = new Map<string, string>();
  const textFor = (sites: number, people: number) => {
    const sig = `${sites}/${people}`;
    if (!texts.has(sig)) {
      const parts: string[] = [];
      for (let i = 0; i < sites; i++)
        for (const t of inSlices) parts.push(statement(`s${i}`, t, sliceOf(t, `$${i + 1}::int`)));
      for (let i = 0; i < people; i++)
        for (const t of tables) {
          const conds = actorSlice(t, `$${sites + i + 1}::int`);
          if (conds.length) parts.push(statement(`p${i}`, t, conds));
        }
      texts.set(sig, parts.join('\nUNION ALL\n'));
    }
    return { name: `route-contract-${process.pid}-${sig}`, text: texts.get(sig)! };
  };

  return {
    tables: how,
    outside: tables.filter((t) => !inSlices.includes(t)),
    async take(siteIds, peopleIds) {
      const { rows } = await client.query<{ k: string; h: string }>({
        ...textFor(siteIds.length, peopleIds.length),
        values: [...siteIds, ...peopleIds],
      });
      const label = (k: string) => {
        const [slot, table] = k.split(':') as [string, string];
        const n = Number(slot.slice(1));
        return slot[0] === 's' ? `site${siteIds[n]}:${table}` : `person${peopleIds[n]}:${table}`;
      };
      return new Map(rows.map((r) => [label(r.k), r.h]));
    },
    close: () => client.end(),
  };
}

/** The keys whose hash differs between two fingerprints, among those starting with one of the prefixes. */
export function changed(before: Map<string, string>, after: Map<string, string>, prefixes: string[]): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => prefixes.some((p) => k.startsWith(`${p}:`)) && before.get(k) !== after.get(k)).sort();
}
