// Import rules of the production code, checked by `npm run lint` (dependency-cruiser): the layers
// of docs/architecture.md ("Layers and import rules") import downward only, and nothing imports
// itself back. From the bottom:
//   core      server/core/ (errors, request context, the request's host, query and cookies),
//             server/paths.ts
//   data      server/db/, every *.model.ts
//   services  server/<concern>/ (content, auth, media, …), server/config.ts, tenants/
//   web       server/site/ (public pages), server/api/ (open data), admin/ (back office)
//   pipeline  server/http/ (front door, tenancy, error pages, HTTP server), server/app.ts,
//             server/platform.ts
//   commands  server/main.ts, server/cli/, server/seed/, server/setup/ (they start the platform)

const CORE = '^server/core/|^server/paths\\.ts$';
const DATA = '^server/db/|\\.model\\.ts$';
const WEB = '^(server/site|server/api|admin)/';
const PIPELINE = '^server/http/|^server/(app|platform)\\.ts$';
const COMMANDS = '^server/(cli|seed|setup)/|^server/main\\.ts$';
// Services: the rest of server/ and tenants/ (a path regex cannot subtract, so the others are named).
const SERVICES = '^(server|tenants)/';
const NOT_SERVICES = `${CORE}|${DATA}|${WEB}|${PIPELINE}|${COMMANDS}`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module never imports itself back through others: split out what both need.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-at-the-bottom',
      comment:
        'server/core/ imports nothing else of the project. Exception: tenants/tenant.types.ts, the ' +
        "plain types of a site (no imports) that the request context names; tenants/ is another engineer's " +
        'work under issue 16, so the types are not moved into core here.',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^(server|admin|tenants|migrations)/', pathNot: `${CORE}|^tenants/tenant\\.types\\.ts$` },
    },
    {
      name: 'data-below-services',
      comment:
        'The data layer (server/db/, models) imports only core and other models: it never runs a ' +
        'service, a page or the pipeline. Exception: server/auth/grant.model.ts names the Role types ' +
        "of server/auth/roles.ts (type-only; server/auth/ is another engineer's work under issue 16).",
      severity: 'error',
      from: { path: DATA, pathNot: '^server/auth/grant\\.model\\.ts$' },
      to: {
        path: `${SERVICES}|${WEB}|${PIPELINE}|${COMMANDS}`,
        pathNot: `${DATA}|${CORE}|^tenants/tenant\\.types\\.ts$`,
      },
    },
    {
      name: 'data-below-services-grant-roles',
      comment: 'The one exception above, held to its one target.',
      severity: 'error',
      from: { path: '^server/auth/grant\\.model\\.ts$' },
      to: {
        path: `${SERVICES}|${WEB}|${PIPELINE}|${COMMANDS}`,
        pathNot: `${DATA}|${CORE}|^tenants/tenant\\.types\\.ts$|^server/auth/roles\\.ts$`,
      },
    },
    {
      name: 'services-below-web',
      comment:
        'Services (server/<concern>/, tenants/) never import a page, a route or the pipeline: what ' +
        'both need moves down.',
      severity: 'error',
      from: { path: SERVICES, pathNot: NOT_SERVICES },
      to: { path: `${WEB}|${PIPELINE}|${COMMANDS}` },
    },
    {
      name: 'web-below-the-pipeline',
      comment:
        'Pages, the API and the back office never import the pipeline (server/http/, app.ts, ' +
        'platform.ts); it hands them what they need (the request context, the page-cache key).',
      severity: 'error',
      from: { path: WEB },
      to: { path: `${PIPELINE}|${COMMANDS}` },
    },
    {
      name: 'no-back-office-below-the-top',
      comment: 'Only the top-level assembly (server/app.ts, server/platform.ts) mounts the back office.',
      severity: 'error',
      from: { path: '^(server|tenants|migrations)/', pathNot: '^server/(app|platform)\\.ts$' },
      to: { path: '^admin/' },
    },
    {
      name: 'no-tests-or-benchmarks-in-production',
      severity: 'error',
      from: { path: '^(server|admin|tenants|migrations)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true, // type-only imports count: a cycle of types is still a cycle
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
  },
};
