// Whether a request is anonymous: the one question both pipelines, the page cache and the
// sign-in code ask of its session cookie. A request without the cookie is anonymous; one with it
// is anonymous only when the front door checked the cookie and found nobody signed in.
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'cong.sid';

// What the front door found out about a request's session cookie (see SessionProbe).
const sessionVerdicts = new WeakMap<IncomingMessage, boolean>();

/** A request that carries a session cookie at all: its session must be looked at before the cache. */
export const hasSessionCookie = (req: IncomingMessage) => !!req.headers.cookie?.includes(`${SESSION_COOKIE}=`);

/** Records whether the session cookie of a request names nobody signed in (the front door checked it). */
export function markAnonymous(req: IncomingMessage, anonymous: boolean) {
  sessionVerdicts.set(req, anonymous);
}

/**
 * A request that no signed-in session is attached to: only such requests may read or fill the
 * cache. A session cookie that the front door found to be forged, expired or signed out counts as
 * none; one it has not checked counts as a session.
 */
export function isAnonymous(req: IncomingMessage): boolean {
  return sessionVerdicts.get(req) ?? !hasSessionCookie(req);
}
