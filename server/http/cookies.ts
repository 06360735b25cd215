// Moved to server/core/cookies.ts: server/http/ holds the pipeline only (issue 16). This re-export
// stays until its last importers (admin/auth.routes.ts, server/auth/session-probe.ts,
// server/participation/form-guard.ts) import from core; .dependency-cruiser.cjs admits only them.
export { cookieOf } from '../core/cookies';
