// One request, resolved once for both pipelines. The front door (front-door.ts, front-item-pages.ts)
// and Express (the tenancy middleware, the request id of its log) ask resolveRequest(req) and get
// the same answer: which site the request is for (or a redirect, no site, an unavailable one),
// its request id, its request context and its page-cache key, each worked out when first asked.
// The answers live in a WeakMap keyed by the request, not on it: nothing is written on Node's
// request object, and the entry goes when the request does. A cache hit never enters the
// WeakMap: the front door resolves for itself (`begin`) and shares its answer (`share`) only with
// a request it hands on. Measured, a WeakMap entry per request cost more than the rest of a hit:
// each garbage collection walks the entries of requests not yet collected.
import type { IncomingMessage } from 'node:http';
import type { Sequelize } from 'sequelize';
import type { Resolution } from '../../tenants/resolve-tenant';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import { SUBSITE_FEED, type Cache } from '../cache/cache';
import { originKeyOf, type PageCache } from '../cache/page-cache';
import type { RequestContext } from '../core/request-context';
import type { RequestOrigin } from '../core/request-host';
import { isAnonymous } from '../core/session-cookie';
import { replicaReads } from '../db/sequelize';
import { requestIdOf } from './security-headers';

export type FoundSite = Extract<Resolution, { kind: 'found' }>;

/** The portal's home lists every sub-site's latest item, so it follows their changes too. */
export const isPortalHome = (r: FoundSite) => r.site.kind === 'province' && r.path === '/';

const isAdminPath = (path: string) => path === '/admin' || path.startsWith('/admin/');
const isRead = (req: IncomingMessage) => req.method === 'GET' || req.method === 'HEAD';

/**
 * Whether a site changed within the last graceMs, as this process sees its cache version move
 * (every change to a site bumps it, on every instance). A version this process has not seen
 * before counts as just changed, so the grace never starts before the change.
 */
export class RecentChanges {
  private readonly seen = new Map<number, { version: number; at: number }>();

  constructor(
    private readonly cache: Pick<Cache, 'tenantVersion'>,
    private readonly graceMs: number,
  ) {}

  recent(tenantId: number, now = Date.now()): boolean {
    const version = this.cache.tenantVersion(tenantId);
    const last = this.seen.get(tenantId);
    if (last?.version === version) return now - last.at < this.graceMs;
    this.seen.set(tenantId, { version, at: now });
    return this.graceMs > 0;
  }
}

export interface ResolverDeps {
  registry: TenantRegistry;
  origin: RequestOrigin;
  pageCache: PageCache;
  cache: Cache;
  sequelize: Sequelize;
}

/** What the pipelines know of one request. Only resolveRequest makes one. */
export class ResolvedRequest {
  /** undefined: not asked yet; null: asked, and the request has none (not an anonymous read of a site). */
  private key: string | null | undefined;
  private id: string | undefined;
  private ctx: RequestContext | undefined;

  constructor(
    private readonly req: IncomingMessage,
    readonly resolution: Resolution,
    private readonly deps: ResolverDeps,
    private readonly readsFrom: (req: IncomingMessage, r: FoundSite) => 'primary' | 'replica',
  ) {}

  /** The id of the request's log lines and X-Request-Id: the caller's when it looks like one, else new. */
  get requestId(): string {
    return (this.id ??= requestIdOf(this.req));
  }

  /** The request context of a request for a site (found); a bug to ask of any other. */
  context(): RequestContext {
    if (this.ctx) return this.ctx;
    const r = this.resolution;
    if (r.kind !== 'found') throw new Error(`no request context for a ${r.kind} resolution`);
    return (this.ctx = {
      site: r.site,
      locale: r.locale,
      basePath: r.basePath,
      host: r.host,
      requestId: this.requestId,
      readFrom: this.readsFrom(this.req, r),
    });
  }

  /**
   * The page-cache key of an anonymous GET/HEAD of a site, taken when first asked: before
   * rendering, so that a change during the render is never stored as current. Undefined for any
   * other request (never cached).
   */
  pageCacheKey(): string | undefined {
    if (this.key === undefined) {
      const r = this.resolution;
      const req = this.req;
      if (r.kind !== 'found' || !isRead(req) || !isAnonymous(req)) this.key = null;
      else {
        const url = req.url ?? '/';
        const q = url.indexOf('?');
        this.key = this.deps.pageCache.key(
          r.site.id,
          r.locale,
          originKeyOf(this.deps.origin, req),
          q === -1 ? url : url.slice(0, q),
          q === -1 ? '' : url.slice(q),
          isPortalHome(r),
        );
      }
    }
    return this.key ?? undefined;
  }

  /** The key if a pipeline has taken one, without taking it (for /metrics: a miss or no cache at all). */
  get takenKey(): string | undefined {
    return this.key ?? undefined;
  }
}

export interface ResolveRequest {
  /** The request's resolution and what follows from it, the same object on every call. */
  (req: IncomingMessage): ResolvedRequest;
  /** What has been resolved of the request so far, without resolving it. */
  peek(req: IncomingMessage): ResolvedRequest | undefined;
  /** The front door's own resolution, not yet shared: what it answers itself ends with it. */
  begin(req: IncomingMessage): ResolvedRequest;
  /** Hands the front door's resolution on, to the stages that ask resolveRequest(req) later. */
  share(req: IncomingMessage, resolved: ResolvedRequest): void;
}

export function requestResolver(deps: ResolverDeps): ResolveRequest {
  const memo = new WeakMap<IncomingMessage, ResolvedRequest>();
  const replicas = replicaReads(deps.sequelize);
  const changes = replicas && new RecentChanges(deps.cache, replicas.graceMs);
  // A replica may lag the primary: a site (or, for the portal home, any site) changed within the
  // grace period is read from the primary, so that a page rendered now shows the change and is
  // not cached under the new version with the replica's past.
  const readsFrom = (req: IncomingMessage, r: FoundSite) =>
    changes !== null &&
    isRead(req) &&
    isAnonymous(req) &&
    !isAdminPath(r.path) &&
    !changes.recent(r.site.id) &&
    !(isPortalHome(r) && changes.recent(SUBSITE_FEED))
      ? 'replica'
      : 'primary';

  // The URL as it arrived: Express rewrites req.url to the site's own path afterwards.
  const begin = (req: IncomingMessage) =>
    new ResolvedRequest(req, deps.registry.resolve(deps.origin.host(req), req.url ?? '/'), deps, readsFrom);
  const resolveRequest = (req: IncomingMessage) => {
    let resolved = memo.get(req);
    if (!resolved) memo.set(req, (resolved = begin(req)));
    return resolved;
  };
  return Object.assign(resolveRequest, {
    peek: (req: IncomingMessage) => memo.get(req),
    begin,
    share: (req: IncomingMessage, resolved: ResolvedRequest) => void memo.set(req, resolved),
  });
}
