// Whether a request's session cookie names a signed-in session, for the page cache's front door.
// Any cookie value used to bypass the cache, so a flood of made-up `cong.sid` cookies rendered
// every request. The signature is checked first (an HMAC, no I/O: a made-up value ends there),
// then the session store, with the answer kept for a moment so that a replayed real id costs
// one store read per moment, not one per request.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { Cache } from '../cache/cache';
import { SESSION_COOKIE } from '../http/page-cache';
import { sessionKey } from './session';

/** How long the store's answer for one session id is kept (signing out shows after this at most). */
export const PROBE_TTL_MS = 2_000;

/**
 * The session id of the request's `cong.sid` cookie when its signature is right, else null.
 * express-session's format: `s:<id>.<HMAC-SHA256(id, secret) in base64 without padding>`,
 * URL-encoded; the first cookie of that name counts, as express-session reads it.
 */
export function signedSessionId(cookieHeader: string | undefined, secret: string): string | null {
  if (!cookieHeader) return null;
  let raw: string | undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      raw = part.slice(eq + 1).trim();
      break;
    }
  }
  if (!raw) return null;
  if (raw.startsWith('"') && raw.endsWith('"')) raw = raw.slice(1, -1);
  try {
    if (raw.includes('%')) raw = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (!raw.startsWith('s:')) return null;
  const dot = raw.lastIndexOf('.');
  if (dot <= 2) return null;
  const id = raw.slice(2, dot);
  const given = Buffer.from(raw.slice(dot + 1));
  const expected = Buffer.from(crypto.createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, ''));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? id : null;
}

export class SessionProbe {
  private readonly answers = new LRUCache<string, boolean>({ max: 20_000, ttl: PROBE_TTL_MS });

  constructor(
    private readonly cache: Pick<Cache, 'get'>,
    private readonly secret: string,
  ) {}

  /** True when the request carries the cookie of a session in which someone has signed in. */
  async signedIn(req: IncomingMessage): Promise<boolean> {
    const id = signedSessionId(req.headers.cookie, this.secret);
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
