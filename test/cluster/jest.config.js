/**
 * The cluster tests (`npm run test:cluster`, a step of .ci/run): a PostgreSQL primary with streaming replicas
 * and shudi nodes as real processes on loopback (test/cluster/topology.ts). Not part of `npm test`: they start
 * servers of their own and take a few minutes; one file at a time.
 */
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/cluster'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  globalTeardown: undefined,
  maxWorkers: 1,
  testTimeout: 120000,
};
