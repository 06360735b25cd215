// Two projects: the main suite (against DATABASE_URL/REDIS_URL when set, else an in-memory
// embedded Postgres and the in-process cache), and the embedded smoke test, which starts the
// real server the way a new user does, with no variables set.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
module.exports = {
  projects: [
    {
      displayName: 'main',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/{unit,integration}/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      displayName: 'embedded',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/embedded/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/embedded-setup.ts',
      globalTeardown: '<rootDir>/test/support/embedded-teardown.ts',
    },
  ],
  testTimeout: 30000,
};
