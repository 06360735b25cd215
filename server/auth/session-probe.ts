// Whether a request's session cookie names a signed-in session, for the page cache's front door.
// Any cookie value used to bypass the cache, so a flood of made-up `cong.sid` cookies rendered
// every request. The signature is checked first (an HMAC, no I/O: a made-up value ends there),
// then the session store, with the answer kept for a moment so that a replayed real id costs
// one store read per moment, not one per request.
import type { IncomingMessage } from 'node:http';
import { unsign } from 'cookie-signature';
import { LRUCache } from 'lru-cache';
import type { Cache } from '../cache/cache';
import { cookieOf } from '../core/cookies';
import { SESSION_COOKIE } from '../core/session-cookie';
import { sessionKey } from './session';

/** How long the store's answer for one session id is kept (signing out shows after this at most). */
export const PROBE_TTL_MS = 2_000;

/**
 * The session id of the request's `cong.sid` cookie when its signature is right, else null: read
 * and unsigned as express-session does it (`s:<id>.<signature>`, the `cookie-signature` package).
 */
export function signedSessionId(req: Pick<IncomingMessage, 'headers'>, secret: string): string | null {
  const raw = cookieOf(req, SESSION_COOKIE);
  if (!raw?.startsWith('s:')) return null;
  return unsign(raw.slice(2), secret) || null;
}

export class SessionProbe {
  private readonly answers = new LRUCache<string, boolean>({ max: 20_000, ttl: PROBE_TTL_MS });

  constructor(
    private readonly cache: Pick<Cache, 'get'>,
    private readonly secret: string,
  ) {}

  /** True when the request carries the cookie of a session in which someone has signed in. */
  async signedIn(req: IncomingMessage): Promise<boolean> {
    const id = signedSessionId(req, this.secret);
    if (!id) return false;
    const known = this.answers.get(id);
    if (known !== undefined) return known;
    const raw = await this.cache.get(sessionKey(id));
    let answer = false;
    if (raw) {
      try {
        answer = !!(JSON.parse(raw.toString()) as { passport?: { user?: unknown } }).passport?.user;
      } catch {
        answer = false;
      }
    }
    this.answers.set(id, answer);
    return answer;
  }
}
