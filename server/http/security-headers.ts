// The headers every response of the public sites and the back office carries, and the request id
// that ties a response to its log lines. Used by Express and by the front door's own pages alike.
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** helmet with a strict CSP: no inline scripts or styles anywhere, so no nonces are needed. */
const helmetMiddleware = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });

/**
 * helmet's headers are the same on every response (no nonces), so they are worked out once, by
 * running helmet against a recording response, and then set in one loop: helmet's eleven
 * middlewares cost more per request than an uncached page's own database read.
 */
function computeSecurityHeaders(): [string, string][] {
  const set = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => set.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => set.delete(name.toLowerCase()),
  };
  let called = false;
  helmetMiddleware()({ headers: {} } as Request, recorder as unknown as Response, () => (called = true));
  if (!called || set.size === 0) throw new Error('helmet did not run synchronously');
  return [...set];
}

/** helmet's headers, as name/value pairs: the same for every response. */
export const SECURITY_HEADERS: readonly [string, string][] = computeSecurityHeaders();

/** The same, as an object of header names to values. */
export const SECURITY_HEADER_MAP: Readonly<Record<string, string>> = Object.fromEntries(SECURITY_HEADERS);

export function setSecurityHeaders(res: ServerResponse) {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
}

export function securityHeaders() {
  return (_req: Request, res: Response, next: NextFunction) => {
    setSecurityHeaders(res);
    next();
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The caller's X-Request-Id when it looks like one (a proxy's), else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
