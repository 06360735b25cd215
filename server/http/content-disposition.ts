// Moved to server/text/content-disposition.ts: server/http/ holds the pipeline only (issue 16). This
// re-export stays until the back office's download routes (admin/*.routes.ts) import it from there;
// .dependency-cruiser.cjs admits only them.
export { attachmentDisposition } from '../text/content-disposition';
