// What the access log records of a request. Query values that work as credentials are replaced:
// the one-time sign-in token of the cross-host hand-over, and a citizen's tracking code, which
// opens their submission. Logs are kept longer and read by more people than the pages.

const SECRET_PARAMS = new Set(['token', 'ma', 'code', 'key', 'secret', 'password', 'otp', 'nonce', 'sig', 'signature']);

/** The request URL with the values of credential-like query parameters replaced. */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = url.slice(q + 1).split('&');
  let changed = false;
  const out = params.map((p) => {
    const eq = p.indexOf('=');
    if (eq === -1) return p;
    let name: string;
    try {
      name = decodeURIComponent(p.slice(0, eq).replace(/\+/g, ' ')).toLowerCase();
    } catch {
      name = p.slice(0, eq).toLowerCase();
    }
    if (!SECRET_PARAMS.has(name)) return p;
    changed = true;
    return `${p.slice(0, eq)}=[redacted]`;
  });
  return changed ? `${url.slice(0, q)}?${out.join('&')}` : url;
}

/** The `req` of an access log line, the same for Express's pages and the front door's. */
export function accessLogRequest(req: { method?: string; url?: string; headers: { host?: string } }, id: unknown) {
  return { id, method: req.method, url: redactedUrl(req.url ?? ''), host: req.headers.host };
}
