// Imported before anything that builds the app: every `express.Router()` made from now on is tagged
// with the name of the function that made it (its factory: `contentRoutes`, `siteRoutes`…), read
// from the stack, so that the route list can say where each nested router comes from and refuse
// one it does not know. express's exports object is plain: the patch is seen by every module that
// imports `Router` after this one (SWC's interop copies the exports at the first import).
import express from 'express';

export const FACTORY = Symbol('route-contract: factory');

const original = express.Router;
function taggedRouter(...args: Parameters<typeof original>) {
  const router = original(...args);
  const frame = (new Error().stack ?? '').split('\n')[2] ?? '';
  const name = /at (?:new )?(?:Object\.)?([\w$]+) /.exec(frame)?.[1];
  Object.defineProperty(router, FACTORY, { value: name ?? '<unknown>', enumerable: false });
  return router;
}
(express as unknown as { Router: unknown }).Router = taggedRouter;
