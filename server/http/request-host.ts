// Which host and scheme a request was sent to. X-Forwarded-Host and X-Forwarded-Proto come
// from the client as much as from a proxy, so they count only when the immediate peer is a
// trusted proxy (TRUST_PROXY), exactly as Express decides for req.hostname.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config';

export interface RequestOrigin {
  host: (req: IncomingMessage) => string | undefined;
  proto: (req: IncomingMessage) => 'http' | 'https';
}

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
