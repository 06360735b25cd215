// Sends a rendered page, compressed and with its ETag, and stores it in the page cache when it is
// a 200 for an anonymous GET. The page-cache key is the one the pipeline took for the request
// before rendering (server/http/resolve-request.ts), handed in by the caller: a page without a
// key is never stored. Pages that render per visitor pass cacheable: false.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildPage, pickEncoding, sendPage, type PageCache } from '../cache/page-cache';

export interface SendOptions {
  status?: number;
  cacheable?: boolean;
  /** The request's page-cache key; absent: the page is sent, not stored. */
  key?: string;
  /** The page's headers, when the caller has not set them on the response (the front door). */
  headers?: Record<string, string>;
}

export async function sendHtml(
  req: IncomingMessage,
  res: ServerResponse,
  pageCache: PageCache,
  html: string,
  opts: SendOptions = {},
) {
  const status = opts.status ?? 200;
  const key = status === 200 && opts.cacheable !== false ? opts.key : undefined;
  const cacheable = !!key;
  const cacheControl = cacheable ? 'public, max-age=0, must-revalidate' : 'no-store';
  const headers = opts.headers
    ? { ...opts.headers, 'cache-control': cacheControl }
    : (res.setHeader('cache-control', cacheControl), res.getHeaders());
  // A page for this response only is sent with no-store, so it is never revalidated: no ETag.
  const page = await buildPage(status, html, headers, pickEncoding(req.headers['accept-encoding']), {
    etag: cacheable,
  });
  if (key) await pageCache.store(key, page);
  // A page rendered for one visitor may set a cookie (a form's nonce); a cached page never does.
  const cookies = cacheable ? [] : [res.getHeader('set-cookie') ?? []].flat().map(String);
  sendPage(
    req,
    res,
    page,
    cacheable ? 'MISS' : 'BYPASS',
    cookies.flatMap((c) => ['set-cookie', c]),
  );
}
