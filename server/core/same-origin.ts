// Refuses a state-changing request that a page of another origin made, whatever token it carries:
// the back office's forms (every POST under /admin) and the citizens' forms use this one rule.
// Browsers say where a request comes from in Sec-Fetch-Site (cross-site, same-site: another host
// of the same domain, which here is another site of the platform) and in Origin on every POST.
// A browser old enough to send neither is left to the form's token.
import type { IncomingMessage } from 'node:http';
import { AppError } from './errors';

export const CROSS_SITE_REFUSED = 'Yêu cầu từ trang khác bị từ chối.';

/** Throws a 403 unless the request comes from a page of `host` (the request's own host, lower case). */
export function assertSameOrigin(req: Pick<IncomingMessage, 'headers'>, host: string) {
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') throw new AppError('FORBIDDEN', 403, CROSS_SITE_REFUSED);
  const origin = req.headers.origin;
  // "null" is an opaque origin (a privacy setting, a sandbox); a cross-site one says so above.
  if (origin && origin !== 'null') {
    let originHost = '';
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      /* refused below */
    }
    // A proxy may pass the host on without the port the browser saw.
    if (originHost !== host && originHost.replace(/:\d+$/, '') !== host)
      throw new AppError('FORBIDDEN', 403, CROSS_SITE_REFUSED);
  }
}
