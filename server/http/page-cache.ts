// The page cache moved to server/cache/page-cache.ts and the session cookie's rules to
// server/core/session-cookie.ts: server/http/ holds the pipeline only (issue 16). This re-export
// stays until server/auth/session.ts, signed-in.ts and session-probe.ts import from core;
// .dependency-cruiser.cjs admits only them.
export { isAnonymous, SESSION_COOKIE } from '../core/session-cookie';
