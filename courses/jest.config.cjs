const preset = require('../jest.preset.cjs');
module.exports = {
  ...preset,
  roots: ['<rootDir>/src', '<rootDir>/test'].filter((r) =>
    require('fs').existsSync(r.replace('<rootDir>', __dirname)),
  ),
};
