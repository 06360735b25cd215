// Search of published items: Postgres full text (unaccented; kept by a trigger). Whether an item
// matches is tested on `search_terms`, its words without positions, kept in the row; only matches
// read `search_vector` (weighted title > summary > body, with positions, out of line) to be
// ranked. Typos: a misspelt word is corrected from the words of the searched sites' published
// items and the search runs again; then near titles among the newest items (trigram word similarity).
// Within one site, or across every active site from the portal.
import type { RequestContext } from '../core/request-context';
import { publicRead } from '../core/request-context';
import { readerFor, readerOf, type Replacements, type SearchReader, type SearchSource } from './search-reader';

export interface SearchQuery {
  q: string;
  siteIds: number[];
  locale: 'vi' | 'en';
  kind?: string;
  from?: string; // YYYY-MM-DD, Vietnam time
  to?: string;
  page: number;
  perPage: number;
  /** false (publicRead() of the request): the reads outside a transaction may use a replica. */
  useMaster?: boolean;
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
/**
 * From this share of the newest items matching (all sites), the newest items are read one by
 * one: measured on a million items, below it fetching every match through the index is faster.
 */
const COMMON_SHARE = 0.025;
/** Near titles are looked for among this many of the newest items. */
const TYPO_ROWS = 2000;
/** Words this short are not corrected: too many words are one edit away from them. */
const MIN_CORRECTED = 3;

type Reads = { useMaster?: boolean };
interface Match {
  id: number;
  at: number;
  rank: number;
}
interface MatchRow {
  id: string;
  at: Date;
  rank: number;
}

/** The union of match lists, newest first, at most SEARCH_CAP + 1. */
function merge(...lists: Match[][]): Match[] {
  const seen = new Set<number>();
  const out: Match[] = [];
  for (const m of lists.flat().sort((a, b) => b.at - a.at || b.id - a.id)) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    out.push(m);
    if (out.length > SEARCH_CAP) break;
  }
  return out;
}
const asMatches = (rows: MatchRow[]): Match[] =>
  rows.map((r) => ({ id: Number(r.id), at: r.at.getTime(), rank: Number(r.rank) }));

/**
 * The query's SQL pieces. Its expressions are written out, not taken from a CTE, so that the
 * planner sees constants. One site is an equality, so that its (tenant, locale, date) index
 * gives its items newest first. The rank (full-text cover density plus title similarity) is
 * computed where a match is found, while its row is at hand.
 */
function sqlOf(s: SearchQuery) {
  const tsq = `websearch_to_tsquery('simple', cong_unaccent(lower(:q)))`;
  const plain = `cong_unaccent(lower(:q))`;
  return {
    tsq,
    plain,
    rank: (t: string) =>
      `ts_rank_cd(${t}.search_vector, ${tsq}, 32) + 0.5 * word_similarity(${plain}, cong_unaccent(lower(${t}.title)))`,
    scope: `i.publication = 'published' AND i.published_at <= now() AND i.locale = :locale
          AND ${s.siteIds.length === 1 ? 'i.tenant_id = :site' : 'i.tenant_id = ANY(ARRAY[:sites]::int[])'}
          ${s.kind ? 'AND i.kind = :kind' : ''}
          ${s.from ? "AND i.published_at >= (:from::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'" : ''}
          ${s.to ? "AND i.published_at < ((:to::date) + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'" : ''}`,
  };
}
type Sql = ReturnType<typeof sqlOf>;

/**
 * The newest matches of the words (at most SEARCH_CAP + 1), found the way that suits how common
 * they are, since no single plan is fast for both: a word in most items is found by reading the
 * newest items one by one (each test reads the item's vector), a rarer one through the GIN
 * index (each match costs a read of its row). The planner cannot choose well by itself: it takes
 * words as independent, and they are not ("quyết định phê duyệt" matches forty times more
 * often than it expects), so the share of matches among the newest items decides.
 */
async function wordMatches(
  db: SearchReader,
  { scope, tsq, rank }: Sql,
  oneSite: boolean,
  replacements: Replacements,
  reads: Reads,
): Promise<Match[]> {
  // One site's size comes cheaply from items_public_idx (an index-only count); all sites' is
  // taken as large.
  const [probe] = await db.select<{
    scanned: string;
    n: string;
    oldest: Date | null;
    found: string[] | null;
    size: string | null;
  }>(
    // Only the newest SEARCH_CAP + 1 matches are ranked (k counts the matches so far).
    `SELECT count(*) AS scanned, count(*) FILTER (WHERE r.matched) AS n, min(r.published_at) AS oldest,
            array_agg(r.id || ' ' || (extract(epoch FROM r.published_at) * 1000)::bigint || ' ' || ${rank('r')})
              FILTER (WHERE r.matched AND r.k <= :cap) AS found,
            ${oneSite ? `(SELECT count(*) FROM items i WHERE ${scope})` : 'NULL'} AS size
       FROM (SELECT p.*, count(*) FILTER (WHERE p.matched) OVER (ORDER BY p.published_at DESC, p.id DESC) AS k
               FROM (SELECT i.id, i.published_at, i.title, i.search_vector, i.search_terms @@ ${tsq} AS matched
                       FROM items i WHERE ${scope}
                      ORDER BY i.published_at DESC LIMIT :probeRows) p) r`,
    { replacements: { ...replacements, probeRows: PROBE_ROWS }, ...reads },
  );
  const scanned = Number(probe!.scanned);
  const n = Number(probe!.n);
  const probed = (probe!.found ?? []).map((f) => {
    const [id, at, r] = f.split(' ');
    return { id: Number(id), at: Number(at), rank: Number(r) };
  });
  // The whole scope was read, or it already holds more than the cap.
  if (scanned < PROBE_ROWS || n > SEARCH_CAP) return merge(probed);
  const share = n / scanned;
  const oldest = probe!.oldest!;
  const size = probe!.size === null ? Infinity : Number(probe!.size);
  // Reading newest first costs a vector per item read, the index a row per match; one site's
  // items are scattered over the table, so reading half of them is already the dearer way.
  const readOn = oneSite ? (SEARCH_CAP + 1) / Math.max(share, 1e-9) <= size / 2 : share >= COMMON_SHARE;
  if (readOn) {
    // Common words: go on reading newest first from where the probe stopped, within a budget
    // of rows that should hold the cap three times over.
    const budget = Math.ceil((3 * (SEARCH_CAP + 1 - n)) / share);
    const rows = await db.select<MatchRow>(
      `SELECT r.id, r.published_at AS at, ${rank('r')} AS rank
         FROM (SELECT i.id, i.published_at, i.title, i.search_vector, i.search_terms FROM items i
                WHERE ${scope} AND i.published_at <= :oldest
                ORDER BY i.published_at DESC LIMIT :budget) r
        WHERE r.search_terms @@ ${tsq}
        LIMIT :cap`,
      { replacements: { ...replacements, budget, oldest }, ...reads },
    );
    const found = merge(probed, asMatches(rows));
    // Done at the cap, or when the budget covered the whole site.
    if (found.length > SEARCH_CAP || budget >= size - scanned) return found;
    // Fewer further back than the newest items promised: the index finds them all (below).
  }
  // Through the GIN index only: without these the planner may still prefer reading every row
  // (it expects far fewer matches than there are). Enough memory keeps the bitmap of matches
  // exact; a lossy one would have every row of its pages tested again.
  const settings = { enable_seqscan: 'off', enable_indexscan: 'off', work_mem: '32MB' };
  return db.transaction(settings, async (transaction) =>
    asMatches(
      await db.select<MatchRow>(
        // Ranked after the limit: before it, every match would be ranked.
        `SELECT m.id, m.published_at AS at, ${rank('m')} AS rank
           FROM (SELECT i.id, i.published_at, i.title, i.search_vector FROM items i
                  WHERE ${scope} AND i.search_terms @@ ${tsq}
                  ORDER BY i.published_at DESC
                  LIMIT :cap) m`,
        { replacements, transaction },
      ),
    ),
  );
}

/**
 * Near titles (typos, words run together) among the newest TYPO_ROWS items, by trigram word
 * similarity: a few microseconds a title, where a trigram index over every title took 60-140 ms
 * for a query of common syllables.
 */
async function titleMatches(
  db: SearchReader,
  { scope, plain, rank }: Sql,
  replacements: Replacements,
  reads: Reads,
): Promise<Match[]> {
  const rows = await db.select<MatchRow>(
    `SELECT r.id, r.published_at AS at, ${rank('r')} AS rank
       FROM (SELECT i.id, i.published_at, i.title, i.search_vector FROM items i WHERE ${scope}
              ORDER BY i.published_at DESC LIMIT :typoRows) r
      WHERE ${plain} <% cong_unaccent(lower(r.title))
      LIMIT :cap`,
    { replacements: { ...replacements, typoRows: TYPO_ROWS }, ...reads },
  );
  return asMatches(rows);
}

/** Edits from a to b: insertions, deletions, substitutions, and swaps of neighbours ("xuna" → "xuan" is one). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Every string one edit from w: a deletion, a swap of neighbours, a substitution or an insertion. */
export function oneEditAway(w: string): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out = new Set<string>();
  for (let i = 0; i <= w.length; i++) {
    const [a, b] = [w.slice(0, i), w.slice(i)];
    if (b) out.add(a + b.slice(1));
    if (b.length > 1) out.add(a + b[1] + b[0] + b.slice(2));
    for (const c of letters) {
      if (b) out.add(a + c + b.slice(1));
      out.add(a + c + b);
    }
  }
  out.delete(w);
  return [...out];
}

/**
 * Among corrections with as few edits, the likeliest slip first: the same letters in another order
 * ("cahc" → "cach", not "cac"), then a letter left out ("quag" → "quang", not "quai" or "qua"),
 * then a letter mistyped, then a letter too many.
 */
export function slipRank(typed: string, word: string): number {
  const sorted = (x: string) => [...x].sort().join('');
  if (word.length === typed.length) return sorted(typed) === sorted(word) ? 0 : 2;
  return word.length > typed.length ? 1 : 3;
}

/** Words up to this long also get every word one edit away looked up (trigrams miss swaps in them). */
const SHORT_WORD = 5;

/**
 * The query with its misspelt words corrected, folded ("phuong minh xuna" → "phuong minh xuan"),
 * or null when every word is known or none has a close enough word. A word is misspelt when no
 * published item has it; its correction is the known word fewest edits away (one for short
 * words, two from six letters), the likeliest slip among equals (`slipRank`), then the most
 * similar by trigrams. Candidates come from the trigram index and, for short words (where a swap
 * shares almost no trigram: "cia"/"cai"), from every string one edit away.
 * Only the words of the sites searched (`siteIds`: one site, or the portal's active sites) are
 * known or offered: another site's words would be printed on this site's page as its correction.
 */
export async function correctedQuery(
  source: SearchSource,
  q: string,
  siteIds: number[],
  reads: Reads = {},
): Promise<string | null> {
  const db = readerOf(source);
  const folded = fold(q.normalize('NFC'));
  const words = [...new Set(folded.match(/[a-z]+/g) ?? [])].filter((w) => w.length >= MIN_CORRECTED && w.length <= 30);
  if (words.length === 0 || words.length > 10 || siteIds.length === 0) return null;
  // One site is an equality, so that the (site, word) trigram index narrows to it.
  const sites = siteIds.length === 1 ? 's.tenant_id = :site' : 's.tenant_id = ANY(ARRAY[:sites]::int[])';
  const known = await db.select<{ word: string }>(
    `SELECT DISTINCT s.word FROM search_words s WHERE ${sites} AND s.word = ANY(ARRAY[:words]::text[])`,
    { replacements: { words, sites: siteIds, site: siteIds[0] }, ...reads },
  );
  const unknown = words.filter((w) => !known.some((k) => k.word === w));
  if (unknown.length === 0) return null;
  // A low similarity threshold: a swap in a short word shares few trigrams ("xuna"/"xuan": 0.25).
  const near = await db.transaction({ 'pg_trgm.similarity_threshold': '0.2' }, (transaction) =>
    db.select<{ w: string; word: string }>(
      `SELECT t.w, c.word FROM unnest(ARRAY[:unknown]::text[]) t(w),
              LATERAL (SELECT s.word FROM search_words s WHERE ${sites} AND s.word % t.w
                        GROUP BY s.word ORDER BY similarity(s.word, t.w) DESC, s.word LIMIT 30) c`,
      { replacements: { unknown, sites: siteIds, site: siteIds[0] }, transaction },
    ),
  );
  const edited = unknown.filter((w) => w.length <= SHORT_WORD).flatMap((w) => oneEditAway(w).map((e) => [e, w]));
  if (edited.length) {
    const found = await db.select<{ word: string }>(
      `SELECT DISTINCT s.word FROM search_words s WHERE ${sites} AND s.word = ANY(ARRAY[:candidates]::text[])`,
      {
        replacements: { candidates: [...new Set(edited.map(([e]) => e!))], sites: siteIds, site: siteIds[0] },
        ...reads,
      },
    );
    const hit = new Set(found.map((f) => f.word));
    for (const [e, w] of edited) if (hit.has(e!)) near.push({ w: w!, word: e! });
  }
  const fixes = new Map<string, { word: string; edits: number; rank: number }>();
  for (const { w, word } of near) {
    const edits = editDistance(w, word);
    if (edits > (w.length >= 6 ? 2 : 1)) continue;
    const rank = slipRank(w, word);
    const best = fixes.get(w);
    if (!best || edits < best.edits || (edits === best.edits && rank < best.rank)) fixes.set(w, { word, edits, rank });
  }
  if (fixes.size === 0) return null;
  return folded.replace(/[a-z]+/g, (w) => fixes.get(w)?.word ?? w);
}

/**
 * The page's rows, read in full. The ids came from earlier reads, and an item may have been
 * withdrawn, scheduled later or moved in between: the fetch checks the search's whole scope
 * again (its sites, published, locale, filters), so it can never show what the search could not.
 */
export async function searchHitsByIds(source: SearchSource, s: SearchQuery, ids: number[]): Promise<SearchHit[]> {
  if (ids.length === 0 || s.siteIds.length === 0) return [];
  const rows = await readerOf(source).select<SearchHit>(
    `SELECT i.id, i.tenant_id AS "tenantId", i.kind, i.slug, i.title, i.summary, i.body, i.published_at AS "publishedAt"
       FROM items i WHERE i.id = ANY(ARRAY[:ids]::bigint[]) AND ${sqlOf(s).scope}`,
    { replacements: { ...replacementsOf(s), ids }, useMaster: s.useMaster },
  );
  return rows.map((h) => ({ ...h, id: Number(h.id), tenantId: Number(h.tenantId) }));
}

function replacementsOf(s: SearchQuery): Replacements {
  return {
    q: s.q.slice(0, 200),
    locale: s.locale,
    site: s.siteIds[0]!,
    sites: s.siteIds,
    kind: s.kind ?? null,
    from: s.from ?? null,
    to: s.to ?? null,
    cap: SEARCH_CAP + 1,
  };
}

export async function searchItems(
  source: SearchSource,
  s: SearchQuery,
): Promise<{ hits: SearchHit[]; total: number; capped: boolean; correctedQ: string | null }> {
  if (!s.q.trim() || s.siteIds.length === 0) return { hits: [], total: 0, capped: false, correctedQ: null };
  const db = readerOf(source);
  const sql = sqlOf(s);
  const replacements = replacementsOf(s);
  // `reads` may send the plain queries to a replica; those in a transaction (SET LOCAL) use the primary.
  const reads: Reads = { useMaster: s.useMaster };
  const oneSite = s.siteIds.length === 1;
  let matches = await wordMatches(db, sql, oneSite, replacements, reads);
  // Typos are looked for only when the words themselves found almost nothing.
  let correctedQ: string | null = null;
  if (matches.length < TYPO_BELOW) {
    correctedQ = await correctedQuery(db, replacements.q as string, s.siteIds, reads);
    if (correctedQ !== null) {
      const more = await wordMatches(db, sql, oneSite, { ...replacements, q: correctedQ }, reads);
      if (more.length > matches.length) matches = merge(matches, more);
      else correctedQ = null;
    }
  }
  if (matches.length < TYPO_BELOW) matches = merge(matches, await titleMatches(db, sql, replacements, reads));
  // Best first, newest first among equals; only the page's rows are read in full.
  const ranked = matches.slice(0, SEARCH_CAP).sort((a, b) => b.rank - a.rank || b.at - a.at || b.id - a.id);
  const page = ranked.slice((s.page - 1) * s.perPage, s.page * s.perPage);
  const rows = await searchHitsByIds(
    db,
    s,
    page.map((m) => m.id),
  );
  const byId = new Map(rows.map((h) => [h.id, h]));
  return {
    hits: page.flatMap((m) => byId.get(m.id) ?? []),
    total: Math.min(matches.length, SEARCH_CAP),
    capped: matches.length > SEARCH_CAP,
    correctedQ,
  };
}

/**
 * The search of a site's page: its own items through its own door, or, from the portal, those of
 * the sites it searches (a cross-site read). Reads may go to a replica as the request allows.
 */
export const searchFromPage = (ctx: RequestContext, s: Omit<SearchQuery, 'useMaster'>) =>
  searchItems(readerFor(ctx.site, s.siteIds), { ...s, ...publicRead(ctx) });

/** Folded forms of the non-ASCII characters met so far (bounded: text is mostly a few hundred letters). */
const foldedChars = new Map<string, string>();

/** Lower case without tone or vowel marks, one character for one: "Đường" → "duong". */
export function fold(text: string): string {
  return text.replace(/[A-Z]|[^\p{ASCII}]/gu, foldChar);
}

function foldChar(ch: string): string {
  let folded = foldedChars.get(ch);
  if (folded === undefined) {
    const base = ch
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    folded = (base === 'đ' ? 'd' : base.length === 1 ? base : ch.toLowerCase()).slice(0, ch.length);
    if (foldedChars.size < 5000) foldedChars.set(ch, folded);
  }
  return folded;
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
  // Whole words only, as the search matched them: "tre" marks "trẻ", not the start of "trên".
  const isWordChar = (i: number) => i >= 0 && i < folded.length && /[\p{L}\p{N}]/u.test(folded[i]!);
  const spans: [number, number][] = [];
  for (const t of terms) {
    for (let i = folded.indexOf(t); i !== -1; i = folded.indexOf(t, i + t.length))
      if (!isWordChar(i - 1) && !isWordChar(i + t.length)) spans.push([i, i + t.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const first = spans[0]?.[0] ?? 0;
  // The cut falls between words, never inside one.
  let start = Math.max(0, first - Math.floor(width / 3));
  if (start > 0) start = Math.min(first, plain.indexOf(' ', start) + 1 || first);
  let end = Math.min(plain.length, start + width);
  if (end < plain.length) end = Math.max(plain.lastIndexOf(' ', end), spans[0]?.[1] ?? start + 1);
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
