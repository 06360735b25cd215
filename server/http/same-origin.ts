// Moved to server/core/same-origin.ts: server/http/ holds the pipeline only (issue 16). This
// re-export stays until admin/admin.routes.ts imports from core; .dependency-cruiser.cjs admits only it.
export { assertSameOrigin } from '../core/same-origin';
