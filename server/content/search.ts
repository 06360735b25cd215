// Search of published items: Postgres full text over `search_vector` (unaccented, weighted
// title > summary > body; kept by a trigger), plus trigram word similarity on titles for typos.
// Within one site, or across every active site from the portal.
import { QueryTypes, type Sequelize } from 'sequelize';

export interface SearchQuery {
  q: string;
  siteIds: number[];
  locale: 'vi' | 'en';
  kind?: string;
  from?: string; // YYYY-MM-DD, Vietnam time
  to?: string;
  page: number;
  perPage: number;
}

export interface SearchHit {
  id: number;
  tenantId: number;
  kind: string;
  slug: string;
  title: string;
  summary: string | null;
  body: string | null;
  publishedAt: Date;
}

/**
 * How many matches are counted and ranked at most. A common word matches most of a million
 * items; counting and ranking all of them would read every one (seconds). So the newest
 * SEARCH_CAP matches are taken, ranked and counted; `capped` says there are more.
 */
export const SEARCH_CAP = 1000;
/** Titles are searched for near misses (typos) only when the words find fewer matches than this. */
const TYPO_BELOW = 10;
/** How many of the newest items in scope are read to see how common the words are. */
const PROBE_ROWS = 2000;
/** From this share of the newest items matching, the newest items are read one by one. */
const COMMON_SHARE = 0.08;
/** Otherwise the index first looks among about this many of the newest items, then among all. */
const WINDOW_ROWS = 100_000;

type Replacements = Record<string, unknown>;

/**
 * The newest matches (at most SEARCH_CAP + 1), chosen by how common the words are, since no
 * single plan is fast for both: a word in most items is found by reading the newest items one
 * by one (each test reads the item's vector), a rarer one through the GIN index (each match
 * costs a read of its row). The planner cannot choose well itself: it takes words as
 * independent, and they are not ("quyết định phê duyệt" matches forty times more than it
 * expects), so a share measured on the newest items decides.
 */
async function newestMatches(
  sequelize: Sequelize,
  scope: string,
  tsq: string,
  replacements: Replacements,
): Promise<{ id: string; published_at: Date }[]> {
  const [probe] = await sequelize.query<{ scanned: string; n: string; oldest: Date | null }>(
    `SELECT count(*) AS scanned, count(*) FILTER (WHERE r.search_vector @@ ${tsq}) AS n, min(r.published_at) AS oldest
       FROM (SELECT i.search_vector, i.published_at FROM items i WHERE ${scope}
              ORDER BY i.published_at DESC LIMIT :probeRows) r`,
    { replacements: { ...replacements, probeRows: PROBE_ROWS }, type: QueryTypes.SELECT },
  );
  const scanned = Number(probe!.scanned);
  const n = Number(probe!.n);
  if (scanned === 0 || (scanned < PROBE_ROWS && n === 0)) return [];
  const newestFirst = (budget: number) =>
    sequelize.query<{ id: string; published_at: Date }>(
      `SELECT r.id, r.published_at
         FROM (SELECT i.id, i.published_at, i.search_vector FROM items i WHERE ${scope}
                ORDER BY i.published_at DESC LIMIT :budget) r
        WHERE r.search_vector @@ ${tsq}
        LIMIT :cap`,
      { replacements: { ...replacements, budget }, type: QueryTypes.SELECT },
    );
  // The whole scope was in the probe, or the words are common: newest first, a bounded read.
  if (scanned < PROBE_ROWS) return newestFirst(PROBE_ROWS);
  const share = n / scanned;
  if (share >= COMMON_SHARE) {
    const budget = Math.ceil((3 * (SEARCH_CAP + 1)) / share);
    const rows = await newestFirst(budget);
    if (rows.length > SEARCH_CAP) return rows;
    // Fewer than expected further back: the index finds the rest (below).
  }
  // Through the index only: without these the planner may still prefer reading every row.
  return sequelize.transaction(async (transaction) => {
    await sequelize.query('SET LOCAL enable_seqscan = off', { transaction });
    await sequelize.query('SET LOCAL enable_indexscan = off', { transaction });
    const viaIndex = (since: Date | null) =>
      sequelize.query<{ id: string; published_at: Date }>(
        `SELECT i.id, i.published_at FROM items i
          WHERE ${scope} AND i.search_vector @@ ${tsq} ${since ? 'AND i.published_at >= :since' : ''}
          ORDER BY i.published_at DESC
          LIMIT :cap`,
        { replacements: { ...replacements, since }, type: QueryTypes.SELECT, transaction },
      );
    // A window of about WINDOW_ROWS items back, from the dates the probe saw; widened to all
    // when it holds too few matches.
    const span = Date.now() - (probe!.oldest?.getTime() ?? 0);
    const since = new Date(Date.now() - (span * WINDOW_ROWS) / PROBE_ROWS);
    if (n > 0) {
      const rows = await viaIndex(since);
      if (rows.length > SEARCH_CAP) return rows;
    }
    return viaIndex(null);
  });
}

export async function searchItems(
  sequelize: Sequelize,
  s: SearchQuery,
): Promise<{ hits: SearchHit[]; total: number; capped: boolean }> {
  if (!s.q.trim() || s.siteIds.length === 0) return { hits: [], total: 0, capped: false };
  // The query's expressions are written out, not taken from a CTE, so that the planner sees
  // constants. One site is an equality, so that its (tenant, locale, date) index gives its items
  // newest first.
  const tsq = `websearch_to_tsquery('simple', cong_unaccent(lower(:q)))`;
  const plain = `cong_unaccent(lower(:q))`;
  const scope = `i.publication = 'published' AND i.published_at <= now() AND i.locale = :locale
          AND ${s.siteIds.length === 1 ? 'i.tenant_id = :site' : 'i.tenant_id = ANY(ARRAY[:sites]::int[])'}
          ${s.kind ? 'AND i.kind = :kind' : ''}
          ${s.from ? "AND i.published_at >= (:from::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'" : ''}
          ${s.to ? "AND i.published_at < ((:to::date) + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'" : ''}`;
  const replacements: Replacements = {
    q: s.q.slice(0, 200),
    locale: s.locale,
    site: s.siteIds[0]!,
    sites: s.siteIds,
    kind: s.kind ?? null,
    from: s.from ?? null,
    to: s.to ?? null,
    cap: SEARCH_CAP + 1,
  };
  let matches = await newestMatches(sequelize, scope, tsq, replacements);
  if (matches.length < TYPO_BELOW) {
    // Near misses in titles (typos). The trigram index is slow on common syllables, hence
    // only when the words themselves found almost nothing.
    const near = await sequelize.transaction(async (transaction) => {
      await sequelize.query('SET LOCAL enable_seqscan = off', { transaction });
      return sequelize.query<{ id: string; published_at: Date }>(
        `SELECT i.id, i.published_at FROM items i
          WHERE ${scope} AND ${plain} <% cong_unaccent(lower(i.title))
          LIMIT :cap`,
        { replacements, type: QueryTypes.SELECT, transaction },
      );
    });
    const seen = new Set(matches.map((m) => m.id));
    matches = [...matches, ...near.filter((m) => !seen.has(m.id))]
      .sort((a, b) => b.published_at.getTime() - a.published_at.getTime())
      .slice(0, SEARCH_CAP + 1);
  }
  if (matches.length === 0) return { hits: [], total: 0, capped: false };
  const rows = await sequelize.query<SearchHit>(
    `SELECT i.id, i.tenant_id AS "tenantId", i.kind, i.slug, i.title, i.summary, i.body, i.published_at AS "publishedAt"
       FROM items i
      WHERE i.id = ANY(ARRAY[:ids]::bigint[])
      ORDER BY ts_rank_cd(i.search_vector, ${tsq}, 32) + 0.5 * word_similarity(${plain}, cong_unaccent(lower(i.title))) DESC,
               i.published_at DESC, i.id DESC
      LIMIT :limit OFFSET :offset`,
    {
      replacements: {
        ...replacements,
        ids: matches.slice(0, SEARCH_CAP).map((m) => Number(m.id)),
        limit: s.perPage,
        offset: (s.page - 1) * s.perPage,
      },
      type: QueryTypes.SELECT,
    },
  );
  return {
    hits: rows.map((h) => ({ ...h, id: Number(h.id) })),
    total: Math.min(matches.length, SEARCH_CAP),
    capped: matches.length > SEARCH_CAP,
  };
}

/** Lower case without tone or vowel marks, one character for one: "Đường" → "duong". */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    out += (base === 'đ' ? 'd' : base.length === 1 ? base : ch.toLowerCase()).slice(0, ch.length);
  }
  return out;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An excerpt of the text around the first match, HTML-escaped, with every match in <mark>.
 * Matching is done on the folded text, whose characters line up with the original's, so
 * "tuyen quang" highlights "Tuyên Quang".
 */
export function highlight(text: string, q: string, width = 220): { html: string; matched: boolean } {
  const plain = text
    .normalize('NFC')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const folded = fold(plain);
  const terms = [
    ...new Set(
      fold(q)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((t) => t.length >= 2),
    ),
  ];
  const spans: [number, number][] = [];
  for (const t of terms) {
    for (let i = folded.indexOf(t); i !== -1; i = folded.indexOf(t, i + t.length)) spans.push([i, i + t.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const first = spans[0]?.[0] ?? 0;
  const start = Math.max(0, first - Math.floor(width / 3));
  const end = Math.min(plain.length, start + width);
  let html = start > 0 ? '… ' : '';
  let at = start;
  for (const [a, b] of spans) {
    if (a < at || b > end) continue;
    html += `${escape(plain.slice(at, a))}<mark>${escape(plain.slice(a, b))}</mark>`;
    at = b;
  }
  html += escape(plain.slice(at, end)) + (end < plain.length ? ' …' : '');
  return { html, matched: spans.length > 0 };
}
