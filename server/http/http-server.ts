// The HTTP server with its limits on slow clients. A client that sends its headers a byte at a
// time, or its body slower than it may, holds a socket and a parser; past headersMs (headers) or
// requestMs (the whole request) Node answers 408 and closes the connection. Node checks these
// deadlines only every `connectionsCheckingInterval` (30 s by default), which would let a slow
// client stay up to 30 s past its deadline, so the check runs at a tenth of the shorter deadline.
import http from 'node:http';

export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  /** How long an idle keep-alive connection stays open (default 5 s). */
  keepAliveMs?: number;
}

export function createHttpServer(handler: http.RequestListener, t: HttpTimeouts): http.Server {
  return http.createServer(
    {
      headersTimeout: t.headersMs,
      requestTimeout: t.requestMs,
      keepAliveTimeout: t.keepAliveMs ?? 5_000,
      connectionsCheckingInterval: Math.min(5_000, Math.max(100, Math.floor(Math.min(t.headersMs, t.requestMs) / 10))),
    },
    handler,
  );
}
