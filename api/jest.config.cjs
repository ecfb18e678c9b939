const preset = require('../jest.preset.cjs');
module.exports = {
  // A global option in Jest (a project's own `testTimeout` is ignored): integration hooks start an app on a
  // real PostgreSQL, which takes more than the default 5 s on a busy machine.
  testTimeout: 30000,
  projects: [
    { ...preset, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      ...preset,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.int-spec.ts'],
      // light-my-request needs ESM-only cookie@2, which Jest cannot require (test/support/cookie.cjs says why).
      moduleNameMapper: {
        ...preset.moduleNameMapper,
        '^cookie$': '<rootDir>/test/support/cookie.cjs',
      },
      globalSetup: '<rootDir>/test/global-setup.mjs',
      globalTeardown: '<rootDir>/test/global-teardown.mjs',
    },
  ],
};
