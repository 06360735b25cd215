// Host names as the resolver compares them: lower case, no port, no trailing dot, ASCII only
// (an internationalised name arrives as punycode, `xn--...`).

/** A DNS host name: labels of 1-63 letters, digits and hyphens; 253 characters at most. */
export const HOSTNAME_RE =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

const IPV4_RE = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Normalises a Host header. Returns null for anything that cannot name a site: empty, over-long,
 * non-ASCII, a bad port, or an IP address (sites are never served by bare IP).
 */
export function normalizeHost(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let h = raw.trim().toLowerCase();
  if (h.length === 0 || h.length > 260 || h.startsWith('[')) return null;
  const colon = h.lastIndexOf(':');
  if (colon !== -1) {
    if (!/^\d{1,5}$/.test(h.slice(colon + 1))) return null;
    h = h.slice(0, colon);
  }
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (!HOSTNAME_RE.test(h) || IPV4_RE.test(h)) return null;
  return h;
}
