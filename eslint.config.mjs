import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Files that still read models directly; each leaves this list as issue 16 moves it behind a
// service. The list only shrinks.
const NOT_YET_MOVED = [];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Scripts served to browsers: plain ES2019, browser globals.
    files: ['admin/assets/**/*.js', 'themes/**/assets/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
  {
    // The launcher: plain CommonJS run by Node before anything is compiled.
    files: ['bin/**/*.js', '*.cjs'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Issue 16: the web layer (routes and page views) reaches a site's data only through services,
    // which read through siteData(site) (server/db/site-data.ts) and change through actions
    // (server/actions/). A route that imports a model or Sequelize could forget the site.
    files: ['admin/**/*.ts', 'server/site/**/*.ts', 'server/api/**/*.ts'],
    ignores: NOT_YET_MOVED,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/*.model', '**/db/models'],
              message: 'Routes read through a service (siteData), not a model.',
            },
            {
              group: ['sequelize'],
              allowTypeImports: false,
              message: 'Routes do not build queries; add a service function.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the database layer holds the connection: everywhere else it is passed in (deps.sequelize)
    // or hidden behind siteData/crossSite, so no module can run an unscoped query by accident.
    files: ['**/*.ts'],
    ignores: ['server/db/**', 'test/**', 'bench/**', 'migrations/**', ...NOT_YET_MOVED],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='sequelize'][object.name=/^[A-Z]/]",
          message: "Model.sequelize is the database layer's: take deps.sequelize, or use siteData/crossSite.",
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
