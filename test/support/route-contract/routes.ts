// Every route of the running app, read from Express's router stacks (router@2 layers), plus the
// GETs the front door answers before Express (server/http/front-door.ts, front-item-pages.ts).
import type { Express } from 'express';
import { KINDS } from '../../../server/content/kinds';
import { FACTORY } from './tag-routers';

export interface RouteEntry {
  method: string;
  /** The full path pattern, mount included: `/admin/tin-bai/:id`. */
  path: string;
  /** The router factory that registered it, or 'front-door'. */
  source: string;
}

/**
 * Where each router factory's router is mounted, as a check of what the layers say and the
 * fallback when a layer does not say it (a RegExp or array mount). A router from a factory not
 * listed here fails the test: a new router is never walked past unseen.
 */
export const FACTORY_MOUNTS: Record<string, string> = {
  adminRoutes: '/admin',
  authRoutes: '/admin',
  dashboardRoutes: '/admin',
  accountRoutes: '/admin',
  sitesRoutes: '/admin',
  peopleRoutes: '/admin',
  grantsRoutes: '/admin',
  auditRoutes: '/admin',
  contentRoutes: '/admin',
  mediaRoutes: '/admin',
  settingsRoutes: '/admin',
  rulesRoutes: '/admin',
  submissionsRoutes: '/admin',
  participationAdminRoutes: '/admin',
  reportsRoutes: '/admin',
  royaltiesRoutes: '/admin',
  operationsRoutes: '/admin',
  adsAdminRoutes: '/admin',
  syndicationRoutes: '/admin',
  openDataRoutes: '',
  siteRoutes: '',
  // Every page family of a site (server/site/*.routes.ts) makes its router with siteRouter().
  siteRouter: '',
};

/**
 * Middleware mounted on a path that is not a router nor a route (a guard in front of a group of
 * routes): known ones, by `<mount>` + path and function name. Any other fails the test, since a
 * handler mounted this way could answer requests no route lists.
 */
export const KNOWN_PATH_MIDDLEWARE = new Set([
  '/admin/trang <anonymous>', // sites.routes.ts: the console's sites exist only on the portal
  '/api/v1 <anonymous>', // open-data.routes.ts: CORS, GET only, and the API's 404
]);

interface Layer {
  name: string;
  rawPath?: unknown;
  slash?: boolean;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: { stack?: Layer[]; [FACTORY]?: string };
}

/** The routes of an Express app, with the problems found while walking it (unknown routers…). */
export function expressRoutes(app: Express): { routes: RouteEntry[]; problems: string[] } {
  const routes: RouteEntry[] = [];
  const problems: string[] = [];
  const root = (app as unknown as { router: { stack: Layer[] } }).router;
  const walk = (stack: Layer[], mount: string, source: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const p = layer.route.path;
        if (typeof p !== 'string') {
          problems.push(`a route of ${source} under ${mount || '/'} has a non-string path ${String(p)}`);
          continue;
        }
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on) routes.push({ method: method.toUpperCase(), path: `${mount}${p}`, source });
        continue;
      }
      const nested = layer.handle.stack;
      if (Array.isArray(nested)) {
        const factory = layer.handle[FACTORY] ?? '<untagged>';
        if (!(factory in FACTORY_MOUNTS)) {
          problems.push(`router made by ${factory} (under ${mount || '/'}) is not in FACTORY_MOUNTS`);
          continue;
        }
        // router@2 keeps the mount path as given (`rawPath`); `layer.path` is only set after a match.
        const own =
          typeof layer.rawPath === 'string'
            ? layer.slash || layer.rawPath === '/'
              ? ''
              : layer.rawPath
            : FACTORY_MOUNTS[factory]!.slice(mount.length);
        if (`${mount}${own}` !== FACTORY_MOUNTS[factory])
          problems.push(`${factory} is mounted at ${mount}${own}, FACTORY_MOUNTS says ${FACTORY_MOUNTS[factory]}`);
        walk(nested, `${mount}${own}`, factory);
        continue;
      }
      if (typeof layer.rawPath === 'string' && layer.rawPath !== '/' && !layer.slash) {
        const key = `${mount}${layer.rawPath} ${layer.name}`;
        if (!KNOWN_PATH_MIDDLEWARE.has(key)) problems.push(`middleware mounted at ${key} is not a known one`);
      } else if (typeof layer.rawPath !== 'string' && layer.rawPath !== undefined) {
        problems.push(`middleware ${layer.name} under ${mount || '/'} is mounted on ${String(layer.rawPath)}`);
      }
    }
  };
  walk(root.stack, '', 'app');
  return { routes, problems };
}

/**
 * What the front door answers itself: item pages of every kind in both languages (rendered
 * without Express when the item exists), health, readiness, metrics and theme assets.
 */
export function frontDoorRoutes(): RouteEntry[] {
  const pages = KINDS.flatMap((k) => [
    { method: 'GET', path: `/${k.path.vi}/:slug`, source: 'front-door' },
    { method: 'GET', path: `/en/${k.path.en}/:slug`, source: 'front-door' },
  ]);
  return [
    ...pages,
    ...['/healthz', '/readyz', '/metrics', '/_assets/:asset'].map((p) => ({
      method: 'GET',
      path: p,
      source: 'front-door',
    })),
  ];
}
