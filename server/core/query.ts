// The one reading of a query string. Express's `req.query` (every page and back-office route), the
// `page` number of the front door's item pages and the page cache's key all go through here, so a
// cached page is always the page its key describes.
// The rule for a repeated parameter: its first value wins, and the key keeps that value only.
// `?status=in_force&status=expired` is then the page of `in_force`, under the key of
// `?status=in_force`; `?status=expired&status=in_force` is another page under another key.
// Parsing is WHATWG's (application/x-www-form-urlencoded): `+` is a space, a bad escape is U+FFFD,
// `a[b]=1` is the name `a[b]` (no nested objects as `qs` would make).

/** Parameters that only tell where a visitor came from: no page reads them, so no key keeps them. */
const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|zarsrc)$/;

/** A parsed query: each name once, with its first value. */
export type PageQuery = Record<string, string>;

/** The query as every page reads it: each name's first value, tracking parameters dropped. */
export function parseQuery(search: string | null | undefined): PageQuery {
  // No prototype: a parameter named `__proto__` or `constructor` is just a name.
  const out = Object.create(null) as PageQuery;
  if (!search) return out;
  for (const [name, value] of new URLSearchParams(search)) {
    if (!(name in out) && !TRACKING_PARAMS.test(name)) out[name] = value;
  }
  return out;
}

/** The query part of a page-cache key: exactly what `parseQuery` gives, names in a stable order. */
export function queryKey(search: string | null | undefined): string {
  const q = parseQuery(search);
  const names = Object.keys(q).sort();
  if (names.length === 0) return '';
  return `?${names.map((n) => `${encodeURIComponent(n)}=${encodeURIComponent(q[n]!)}`).join('&')}`;
}

/** A value of `req.query` as a string: '' when absent (the parser never gives arrays or objects). */
export const param = (v: unknown): string => (typeof v === 'string' ? v : '');
