// Item pages answered by the front door itself, without Express. An item page is what visitors
// read most and what the page cache holds least (a large site has far more items than the cache
// keeps warm), so its misses are worth the shortest road: the same context, view, theme, headers
// and page cache as the Express route, minus the framework's per-request work. Anything else —
// no such item, a slug Express would decode, an error — is left to Express, which answers with
// its error pages and logs; nothing is written before that is decided.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { KINDS, type KindDef } from '../content/kinds';
import { ITEM_SLUG, itemPageOf } from '../site/item-page';
import { pageNoOf, type SitePages } from '../site/site-page';
import { accessLogRequest } from './access-log';
import type { ResolvedRequest } from './resolve-request';
import { SECURITY_HEADER_MAP } from './security-headers';

/** Answers the request and resolves true, or leaves it untouched and resolves false. */
export type FrontPages = (req: IncomingMessage, res: ServerResponse, request: ResolvedRequest) => Promise<boolean>;

export function frontItemPages(deps: { sitePages: SitePages; logger: Logger }): FrontPages {
  const kinds = new Map<string, KindDef>();
  for (const kind of KINDS)
    for (const locale of ['vi', 'en'] as const) kinds.set(`${locale}/${kind.path[locale]}`, kind);

  return async (req, res, request) => {
    const r = request.resolution;
    if (r.kind !== 'found') return false;
    const slash = r.path.indexOf('/', 1);
    if (slash === -1) return false;
    const kind = kinds.get(`${r.locale}/${r.path.slice(1, slash)}`);
    const slug = r.path.slice(slash + 1);
    if (!kind || !ITEM_SLUG.test(slug)) return false;

    const started = performance.now();
    // The same id and context Express uses if the page is left to it.
    const requestId = request.requestId;
    const ctx = request.context();
    let html: string;
    try {
      const view = await itemPageOf(ctx, kind, slug, deps.sitePages.originFor(req, ctx));
      if (!view) return false;
      const q = (req.url ?? '').indexOf('?');
      html = await deps.sitePages.html(req, ctx, view, {
        path: r.path,
        pageNo: pageNoOf(q === -1 ? '' : req.url!.slice(q)),
      });
    } catch (err) {
      deps.logger.debug({ err, requestId }, 'item page left to Express');
      return false;
    }
    res.setHeader('x-request-id', requestId);
    await deps.sitePages.send(req, res, html, { headers: SECURITY_HEADER_MAP });
    // The access log line Express's pages get from pino-http, in the same shape.
    deps.logger.info(
      {
        req: accessLogRequest(req, requestId),
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      },
      'request completed',
    );
    return true;
  };
}
