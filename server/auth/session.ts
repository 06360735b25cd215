// Server-side sessions for the back office, kept in the platform cache: Redis in production
// (shared by every instance), the in-process LRU in the embedded default. The cookie is
// HttpOnly, SameSite=Lax, Secure when the request came over TLS, and names nothing but a
// random id. Public pages never create a session, so they stay cacheable.
import session, { Store, type SessionData } from 'express-session';
import type { Cache } from '../cache/cache';
import { SESSION_COOKIE } from '../core/session-cookie';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

declare module 'express-session' {
  interface SessionData {
    /** When the person signed in on this host; sessions older than ABSOLUTE_TIMEOUT_MS end. */
    signedInAt?: number;
    /**
     * When the person changed their own password or second factor in this session: it outlives
     * the `sessions_valid_after` that change set (every other session ends).
     */
    renewedAt?: number;
    /** Password checked, second factor still to come. */
    pendingPersonId?: number;
    pendingSince?: number;
    /** When the person last confirmed password and code, to replace their second factor. */
    reauthenticatedAt?: number;
    /** A sealed TOTP secret during enrolment. */
    totpEnrolment?: string;
    /** Recovery codes to show once after enrolment. */
    recoveryCodes?: string[];
    /** A one-time message for the next page (after a redirect). */
    flash?: { kind: 'ok' | 'error'; text: string };
    /** A temporary password to show once, after the redirect that follows its creation. */
    oneTimePassword?: { personId: number; password: string; reset: boolean };
    /** Where to go after signing in. */
    returnTo?: string;
  }
}

/** The cache key of a session. */
export const sessionKey = (sid: string) => `sess:${sid}`;
const key = sessionKey;

export class CacheSessionStore extends Store {
  constructor(private readonly cache: Cache) {
    super();
  }
  private ttlOf(s: SessionData) {
    const ms = s.cookie?.maxAge ?? IDLE_TIMEOUT_MS;
    return Math.max(1, Math.ceil(ms / 1000));
  }
  get(sid: string, cb: (err: unknown, s?: SessionData | null) => void) {
    this.cache.get(key(sid)).then(
      (raw) => cb(null, raw ? (JSON.parse(raw.toString()) as SessionData) : null),
      (err) => cb(err),
    );
  }
  set(sid: string, s: SessionData, cb?: (err?: unknown) => void) {
    this.cache.set(key(sid), JSON.stringify(s), this.ttlOf(s)).then(
      () => cb?.(),
      (err) => cb?.(err),
    );
  }
  destroy(sid: string, cb?: (err?: unknown) => void) {
    this.cache.del(key(sid)).then(
      () => cb?.(),
      (err) => cb?.(err),
    );
  }
  override touch(sid: string, s: SessionData, cb?: () => void) {
    this.set(sid, s, () => cb?.());
  }
}

export function sessionMiddleware(cache: Cache, secret: string) {
  return session({
    name: SESSION_COOKIE,
    secret,
    store: new CacheSessionStore(cache),
    resave: false,
    saveUninitialized: false,
    rolling: true, // the idle timeout restarts with every request
    unset: 'destroy',
    proxy: undefined, // follows Express's 'trust proxy'
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: IDLE_TIMEOUT_MS, path: '/' },
  });
}
