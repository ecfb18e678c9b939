const preset = require('../jest.preset.cjs');
module.exports = {
  projects: [
    { ...preset, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    { ...preset, displayName: 'integration', roots: ['<rootDir>/test'], testMatch: ['**/*.int-spec.ts'], globalSetup: '<rootDir>/test/global-setup.mjs', globalTeardown: '<rootDir>/test/global-teardown.mjs', testTimeout: 30000 },
  ],
};
