/**
 * The unit layer: pure functions only (parsing, codes, table layout, the in-test model). No global setup, so
 * no PostgreSQL starts: `npm run test:unit` (or `npx jest -c test/unit/jest.config.js`) runs in seconds.
 * `npm test` runs these files too, beside the database tests.
 */
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/unit'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
