// Import rules of the production code, checked by `npm run lint` (dependency-cruiser). Each rule
// holds today; issue 16's layering adds more as the code moves (docs/architecture.md, "Layers").
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
      comment: 'server/core/ (errors, validation) imports nothing else of the project.',
      severity: 'error',
      from: { path: '^server/core/' },
      to: { path: '^(server|admin|tenants|migrations)/', pathNot: '^server/core/' },
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
