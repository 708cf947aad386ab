/**
 * Tests are tiered like Immich, one jest project per tier:
 * - unit: `*.spec.ts` next to the code in libs/ and apps/; no broker, no mock cluster, no Redis, no child process.
 * - integration: test/integration, against real services (Redis, the librdkafka mock cluster, the bundled model).
 * - e2e: test/e2e, whole apps over HTTP (and a headless browser).
 * `npm test` runs all three; `npm run test:unit|test:integration|test:e2e` one each.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] },
  // content-disposition (used by @fastify/static) ships ESM only; jest's CommonJS runtime needs it transpiled.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

/** Starts Redis if down and the shared mock cluster: only for the tiers that use them, once per run. */
const services = {
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
};

module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...shared, ...services, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...shared, ...services, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
  ],
};
