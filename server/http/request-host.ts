// Moved to server/core/request-host.ts: server/http/ holds the pipeline only (issue 16). This
// re-export stays until admin/admin-context.ts imports from core; .dependency-cruiser.cjs admits only it.
export type { RequestOrigin } from '../core/request-host';
