// The first handler of every request, in plain node:http. It answers what needs no framework:
// health checks, fingerprinted theme assets and page-cache hits. Everything else goes on to
// Express. Measured on this machine, Express's per-request work costs more than the whole hit
// path, so keeping hits out of it is what lets a cached page beat a bare Express hello-world.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Resolution } from '../../tenants/resolve-tenant';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import type { Asset } from '../render/assets';
import type { Renderer } from '../render/renderer';
import { pickEncoding, sendPage, type CachedPage, type PageCache } from '../cache/page-cache';
import { hasSessionCookie, isAnonymous, markAnonymous } from '../core/session-cookie';
import type { SessionProbe } from '../auth/session-probe';
import { ambiguousHost, type RequestOrigin } from '../core/request-host';
import type { FoundSite, ResolvedRequest, ResolveRequest } from './resolve-request';
import type { FrontPages } from './front-item-pages';
import type { VisitCounter } from '../visits/visit-counter';
import { serveMetrics, type Metrics, type MonitoringGate } from '../ops/metrics';

export interface FrontDoorDeps {
  registry: TenantRegistry;
  renderer: Renderer;
  adminViews: { findAsset(rest: string): Asset | undefined };
  pageCache: PageCache;
  origin: RequestOrigin;
  ready: () => Promise<{ ok: boolean; body: string }>;
  app: RequestListener;
  /** Pages rendered without Express (item pages); what they leave goes to `app`. */
  pages?: FrontPages;
  visits: VisitCounter;
  metrics: Metrics;
  /** Who may read /metrics and the details of /readyz. */
  monitoring: MonitoringGate;
  /** Whether a request's session cookie names someone signed in (else the cache may answer it). */
  sessions: Pick<SessionProbe, 'signedIn'>;
  /** The request's site, context and page-cache key, shared with Express (resolve-request.ts). */
  resolveRequest: ResolveRequest;
}

/** The back office is never cached nor counted as visits; its session is its own business. */
const isAdmin = (r: Resolution): r is FoundSite =>
  r.kind === 'found' && (r.path === '/admin' || r.path.startsWith('/admin/'));

const ASSET_HEADERS = {
  'cache-control': 'public, max-age=31536000, immutable',
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-site',
  vary: 'Accept-Encoding',
};

export function createFrontDoor(deps: FrontDoorDeps): RequestListener {
  return function frontDoor(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? '/';
    const method = req.method;
    const readOnly = method === 'GET' || method === 'HEAD';
    // Before anything reads the host (the cache, the site, the health checks): which host is meant
    // must be beyond doubt.
    const bad = ambiguousHost(req);
    if (bad) {
      res.writeHead(400, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'close',
      });
      return void res.end(`Yêu cầu không hợp lệ: ${bad}.`);
    }

    if (readOnly && url.startsWith('/_assets/')) return serveAsset(req, res, url.slice('/_assets/'.length), deps);
    if (url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end('{"status":"ok"}');
    }
    if (url === '/metrics') return void serveMetrics(deps.metrics, req, res, deps.monitoring);
    // Every other request is counted, per kind of site, when its response is sent.
    const started = process.hrtime.bigint();
    let cache = 'none';
    // Set when this handler resolves the request; Express may resolve the others (POSTs).
    let resolved: ResolvedRequest | undefined;
    res.once('finish', () => {
      const t = resolved ?? deps.resolveRequest.peek(req);
      if (cache === 'none' && t?.takenKey) cache = 'miss';
      deps.metrics.observe(
        t?.resolution.kind === 'found' ? t.resolution.site.kind : 'none',
        res.statusCode,
        cache,
        started,
      );
    });
    if (url === '/readyz') {
      // Everyone gets the answer a load balancer needs; which backing service is down is for
      // the monitoring's eyes only (the same rule as /metrics).
      const detailed = deps.monitoring.allows(req);
      const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
      deps.ready().then(
        (r) => {
          res.writeHead(r.ok ? 200 : 503, headers);
          res.end(detailed ? r.body : JSON.stringify({ status: r.ok ? 'ok' : 'unavailable' }));
        },
        () => {
          res.writeHead(503, headers);
          res.end('{"status":"unavailable"}');
        },
      );
      return;
    }

    if (!readOnly) return deps.app(req, res);
    // Resolved here and shared only if the request goes on: a hit leaves no trace (resolve-request.ts).
    const request = (resolved = deps.resolveRequest.begin(req));
    const r = request.resolution;
    if (isAdmin(r)) return render(req, res, request, deps);
    // A session cookie bypasses the cache only when it names someone signed in: a made-up one
    // would otherwise make every request render.
    if (!hasSessionCookie(req) || r.kind === 'redirect' || r.kind === 'unavailable') return fromCache(isAnonymous(req));
    deps.sessions.signedIn(req).then(
      (signedIn) => (markAnonymous(req, !signedIn), fromCache(!signedIn)),
      () => fromCache(false), // the store cannot say: render, as for a session
    );

    /** A read of a page: from the cache for anonymous visitors, else rendered. */
    function fromCache(anonymous: boolean) {
      // A key only for an anonymous read of a site (the resolver's rule, which `anonymous` agrees with).
      const key = anonymous ? request.pageCacheKey() : undefined;
      if (r.kind === 'found' && key) {
        // An anonymous view of a page of the site counts as a visit: a hit at once, a miss if it
        // renders a page (not an error, a redirect or a file).
        const count = method === 'GET';
        const siteId = r.site.id;
        const path = r.path;
        const page = deps.pageCache.get(key);
        if (page) {
          if (count) deps.visits.record(siteId, path, req.headers['user-agent']);
          cache = 'hit';
          return sendHit(req, res, key, page, deps.pageCache);
        }
        if (count)
          res.once('finish', () => {
            if (res.statusCode === 200 && String(res.getHeader('content-type')).startsWith('text/html'))
              deps.visits.record(siteId, path, req.headers['user-agent']);
          });
        if (deps.pageCache.shared) {
          deps.pageCache.getShared(key).then((p) => {
            if (!p) return render(req, res, request, deps);
            cache = 'hit'; // the visit is counted by the listener above, as for a miss
            sendHit(req, res, key, p, deps.pageCache);
          });
          return;
        }
        return render(req, res, request, deps);
      }
      if (r.kind === 'found') return render(req, res, request, deps);
      if (r.kind === 'notFound' && anonymous) {
        const page = deps.pageCache.notFoundPage(
          deps.pageCache.notFoundKey(deps.origin.proto(req), deps.origin.host(req), deps.registry.portal()?.id),
        );
        if (page) return sendPage(req, res, page, 'HIT');
      }
      deps.resolveRequest.share(req, request);
      deps.app(req, res);
    }
  };
}

/** A page of a site that no cache answered: the front door's own pages first, then Express. */
function render(req: IncomingMessage, res: ServerResponse, request: ResolvedRequest, deps: FrontDoorDeps) {
  deps.resolveRequest.share(req, request);
  if (!deps.pages) return deps.app(req, res);
  deps.pages(req, res, request).then(
    (answered) => answered || deps.app(req, res),
    () => deps.app(req, res),
  );
}

/** A cached page in the encoding its client accepts, compressed first if no client asked before. */
function sendHit(req: IncomingMessage, res: ServerResponse, key: string, page: CachedPage, pageCache: PageCache) {
  const enc = pickEncoding(req.headers['accept-encoding'] as string | undefined);
  if (!enc || page[enc] || req.headers['if-none-match'] === page.etag) return sendPage(req, res, page, 'HIT');
  pageCache.withEncoding(key, page, enc).then(
    (p) => sendPage(req, res, p, 'HIT'),
    () => sendPage(req, res, page, 'HIT'), // uncompressed rather than not at all
  );
}

function serveAsset(req: IncomingMessage, res: ServerResponse, rest: string, deps: FrontDoorDeps) {
  const asset: Asset | undefined =
    deps.renderer.findAsset(rest) ??
    deps.adminViews.findAsset(rest) ??
    deps.renderer.findSiteStyle(rest, (id) => deps.registry.get(id));
  if (!asset) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    return void res.end('Không tìm thấy tệp');
  }
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, { ...ASSET_HEADERS, etag: asset.etag });
    return void res.end();
  }
  const enc = pickEncoding(req.headers['accept-encoding'] as string | undefined);
  const body = enc === 'br' && asset.br ? asset.br : enc && asset.gzip ? asset.gzip : asset.body;
  const headers: Record<string, string | number> = {
    ...ASSET_HEADERS,
    'content-type': asset.contentType,
    'content-length': body.length,
    etag: asset.etag,
  };
  if (body !== asset.body) headers['content-encoding'] = body === asset.br ? 'br' : 'gzip';
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
