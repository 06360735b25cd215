// Tenant resolution: a pure function from (host, path) to one of four outcomes. It reads only
// the index it is given, so it is tested as a table and costs the same with 10 or 10,000 sites.
import { normalizeHost } from './host';
import type { Locale, Site } from './tenant.types';

export type Resolution =
  | { kind: 'found'; site: Site; host: string; basePath: string; locale: Locale; path: string }
  | { kind: 'redirect'; status: 301; host: string; path: string }
  | { kind: 'notFound'; reason: 'bad-host' | 'unknown-host' | 'bad-path' | 'no-site-at-path' }
  | { kind: 'unavailable'; site: Site; status: 503 | 410 };

export interface TenantIndex {
  readonly primaryDomain: string;
  /** host -> (path prefix -> site) */
  readonly byAddress: ReadonlyMap<string, ReadonlyMap<string, Site>>;
  readonly aliases: ReadonlyMap<string, Site>;
  readonly bySlug: ReadonlyMap<string, Site>;
  /** The most segments any prefix has, to bound the prefix search. */
  readonly maxPrefixDepth: number;
}

export const canonicalHost = (site: Site, primaryDomain: string) => site.primaryHost ?? primaryDomain;

export function buildTenantIndex(sites: readonly Site[], primaryDomain: string): TenantIndex {
  const byAddress = new Map<string, Map<string, Site>>();
  const aliases = new Map<string, Site>();
  const bySlug = new Map<string, Site>();
  let maxPrefixDepth = 0;
  for (const site of sites) {
    const host = canonicalHost(site, primaryDomain);
    let prefixes = byAddress.get(host);
    if (!prefixes) byAddress.set(host, (prefixes = new Map()));
    prefixes.set(site.pathPrefix, site);
    maxPrefixDepth = Math.max(maxPrefixDepth, site.pathPrefix.split('/').length - 1);
    for (const alias of site.aliases) aliases.set(alias, site);
    bySlug.set(site.slug, site);
  }
  return { primaryDomain, byAddress, aliases, bySlug, maxPrefixDepth };
}

// Encoded separators and NUL never appear in our URLs; allowing them would let `/a%2f..%2fb`
// reach another site's path after some later decoding.
const FORBIDDEN_ENCODED = /%(2f|5c|00)/i;

/** Rejects dot segments (raw or percent-encoded), backslashes and control characters. */
export function isSafePath(path: string): boolean {
  if (!path.startsWith('/') || path.length > 2048) return false;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (path.includes('\\') || FORBIDDEN_ENCODED.test(path) || /[\x00-\x1f\x7f]/.test(path)) return false;
  const dotted = path.replace(/%2e/gi, '.');
  return !dotted.split('/').some((seg) => seg === '.' || seg === '..');
}

export function resolveTenant(index: TenantIndex, rawHost: string | undefined, rawPath: string): Resolution {
  const host = normalizeHost(rawHost);
  if (!host) return { kind: 'notFound', reason: 'bad-host' };
  const q = rawPath.indexOf('?');
  const path = q === -1 ? rawPath : rawPath.slice(0, q);
  if (!isSafePath(path)) return { kind: 'notFound', reason: 'bad-path' };

  const prefixes = index.byAddress.get(host);
  if (!prefixes) {
    const aliased = index.aliases.get(host) ?? siteBySlugHost(index, host);
    if (!aliased) return { kind: 'notFound', reason: 'unknown-host' };
    return {
      kind: 'redirect',
      status: 301,
      host: canonicalHost(aliased, index.primaryDomain),
      path: aliased.pathPrefix + (path === '/' && aliased.pathPrefix ? '' : path),
    };
  }

  const match = longestPrefix(prefixes, path, index.maxPrefixDepth);
  if (!match) return { kind: 'notFound', reason: 'no-site-at-path' };
  const { site, prefix } = match;
  if (site.status === 'suspended') return { kind: 'unavailable', site, status: 503 };
  if (site.status === 'archived') return { kind: 'unavailable', site, status: 410 };

  let rest = path.slice(prefix.length) || '/';
  let locale: Locale = 'vi';
  let basePath = prefix;
  if ((rest === '/en' || rest.startsWith('/en/')) && site.languages.includes('en')) {
    locale = 'en';
    basePath = `${prefix}/en`;
    rest = rest.slice(3) || '/';
  }
  return { kind: 'found', site, host, basePath, locale, path: rest };
}

/** `<slug>.<PRIMARY_DOMAIN>` names a site even when its canonical address is elsewhere. */
function siteBySlugHost(index: TenantIndex, host: string): Site | undefined {
  const suffix = `.${index.primaryDomain}`;
  if (!host.endsWith(suffix)) return undefined;
  const label = host.slice(0, -suffix.length);
  return label.includes('.') ? undefined : index.bySlug.get(label);
}

/** Tries '/a/b/c', '/a/b', '/a', '' in turn: at most maxDepth + 1 map lookups. */
function longestPrefix(prefixes: ReadonlyMap<string, Site>, path: string, maxDepth: number) {
  const segments = path.split('/').slice(1, maxDepth + 1);
  for (let n = segments.length; n >= 0; n--) {
    const prefix = n === 0 ? '' : `/${segments.slice(0, n).join('/')}`;
    const site = prefixes.get(prefix);
    if (site) return { site, prefix };
  }
  return null;
}
