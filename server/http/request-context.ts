// Moved to server/core/request-context.ts: server/http/ holds the pipeline only (issue 16). This
// re-export stays until admin/admin-context.ts and admin/admin.routes.ts import from core;
// .dependency-cruiser.cjs admits only them.
export type { RequestContext } from '../core/request-context';
