// Moved to server/core/multipart-error.ts: server/http/ holds the pipeline only (issue 16). This
// re-export stays until admin/multipart.ts imports from core; .dependency-cruiser.cjs admits only it.
export { multipartError } from '../core/multipart-error';
