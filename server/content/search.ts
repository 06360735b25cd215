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
 * SEARCH_CAP matches are taken (an index on the publication date gives them in order, reading
 * little more than that many rows), ranked, and counted; `capped` says there are more.
 */
export const SEARCH_CAP = 1000;
/** Titles are searched for near misses (typos) only when the words find fewer matches than this. */
const TYPO_BELOW = 10;

export async function searchItems(
  sequelize: Sequelize,
  s: SearchQuery,
): Promise<{ hits: SearchHit[]; total: number; capped: boolean }> {
  if (!s.q.trim() || s.siteIds.length === 0) return { hits: [], total: 0, capped: false };
  // The query's expressions are written out (not taken from a CTE) so that the planner sees
  // constants: it then estimates how many rows match and picks the index that fits.
  const tsq = `websearch_to_tsquery('simple', cong_unaccent(lower(:q)))`;
  const plain = `cong_unaccent(lower(:q))`;
  const scope = `i.publication = 'published' AND i.published_at <= now() AND i.locale = :locale
          AND ${s.siteIds.length === 1 ? 'i.tenant_id = :site' : 'i.tenant_id = ANY(ARRAY[:sites]::int[])'}
          ${s.kind ? 'AND i.kind = :kind' : ''}
          ${s.from ? "AND i.published_at >= (:from::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'" : ''}
          ${s.to ? "AND i.published_at < ((:to::date) + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'" : ''}`;
  const rows = await sequelize.query<SearchHit & { total: string }>(
    // One site is written as an equality so that its (tenant, locale, date) index gives its
    // items newest first. The title trigram search (typos) is costly on common syllables, so
    // it runs only when the words themselves found almost nothing.
    `WITH words AS (
       SELECT i.id, i.published_at FROM items i
        WHERE ${scope} AND i.search_vector @@ ${tsq}
        ORDER BY i.published_at DESC
        LIMIT :cap
     ), near AS (
       SELECT i.id, i.published_at FROM items i
        WHERE (SELECT count(*) FROM words) < :typoBelow AND ${scope}
          AND ${plain} <% cong_unaccent(lower(i.title))
        LIMIT :cap
     ), matches AS (
       SELECT id, published_at FROM words UNION SELECT id, published_at FROM near
        ORDER BY published_at DESC
        LIMIT :cap
     )
     SELECT i.id, i.tenant_id AS "tenantId", i.kind, i.slug, i.title, i.summary, i.body, i.published_at AS "publishedAt",
            (SELECT count(*) FROM matches) AS total
       FROM matches m JOIN items i ON i.id = m.id
      ORDER BY ts_rank_cd(i.search_vector, ${tsq}, 32) + 0.5 * word_similarity(${plain}, cong_unaccent(lower(i.title))) DESC,
               i.published_at DESC, i.id DESC
      LIMIT :limit OFFSET :offset`,
    {
      replacements: {
        q: s.q.slice(0, 200),
        locale: s.locale,
        site: s.siteIds[0]!,
        sites: s.siteIds,
        kind: s.kind ?? null,
        from: s.from ?? null,
        to: s.to ?? null,
        cap: SEARCH_CAP + 1,
        typoBelow: TYPO_BELOW,
        limit: s.perPage,
        offset: (s.page - 1) * s.perPage,
      },
      type: QueryTypes.SELECT,
    },
  );
  const total = rows.length ? Number(rows[0]!.total) : 0;
  return {
    hits: rows.map(({ total: _t, ...h }) => ({ ...h, id: Number(h.id) })),
    total: Math.min(total, SEARCH_CAP),
    capped: total > SEARCH_CAP,
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
