// Which host and scheme a request was sent to. X-Forwarded-Host and X-Forwarded-Proto come
// from the client as much as from a proxy, so they count only when the immediate peer is a
// trusted proxy (TRUST_PROXY), exactly as Express decides for req.hostname.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyaddr from 'proxy-addr';

export interface RequestOrigin {
  host: (req: IncomingMessage) => string | undefined;
  proto: (req: IncomingMessage) => 'http' | 'https';
}

/** TRUST_PROXY as configured (server/config.ts): all, none, a hop count or addresses. */
export type TrustProxy = boolean | number | string[];

function compileTrust(trust: TrustProxy): (addr: string, hop: number) => boolean {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_addr, hop) => hop < trust;
  return proxyaddr.compile(trust);
}

const firstValue = (v: string | string[] | undefined) => {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  const comma = s.indexOf(',');
  return (comma === -1 ? s : s.slice(0, comma)).trim() || undefined;
};

export function requestOrigin(trust: TrustProxy): RequestOrigin {
  const trusted = compileTrust(trust);
  const fromProxy = (req: IncomingMessage) => trust !== false && trusted(req.socket.remoteAddress ?? '', 0);
  return {
    host(req) {
      if (fromProxy(req)) {
        const fwd = firstValue(req.headers['x-forwarded-host']);
        if (fwd) return fwd;
      }
      return req.headers.host;
    },
    proto(req) {
      if (fromProxy(req)) {
        const fwd = firstValue(req.headers['x-forwarded-proto'])?.toLowerCase();
        if (fwd === 'https' || fwd === 'http') return fwd;
      }
      return (req.socket as TLSSocket).encrypted ? 'https' : 'http';
    },
  };
}

/**
 * Why the host of a request is ambiguous (in Vietnamese, for the 400), or null when it is not. RFC 9112 §3.2: a request with
 * more than one Host field line (Node keeps the first, a proxy in front may have used the last)
 * must get a 400. An absolute-form target (`GET http://other.host/ …`) names a host of its own
 * that may disagree with Host (§3.2.2); only proxies take it and no browser sends it to a site.
 */
export function ambiguousHost(req: IncomingMessage): string | null {
  const raw = req.rawHeaders;
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'host') hosts++;
  if (hosts > 1) return 'có nhiều hơn một tiêu đề Host';
  const url = req.url ?? '/';
  if (url[0] !== '/' && url !== '*') return 'địa chỉ yêu cầu phải bắt đầu bằng /';
  return null;
}

/** The port a Host header names, if any (`example.org:8080` → `8080`). */
export const portOf = (hostHeader: string | undefined) => /:(\d{1,5})$/.exec(hostHeader ?? '')?.[1];
