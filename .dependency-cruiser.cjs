/**
 * The layout of the monorepo as rules (docs/architecture.md says why): apps are entry points, libs hold
 * the domain and the adapters, the domain depends on nothing, use-case libs reach adapters only through
 * ports, and nothing in production imports benchmarks or tests.
 */
const ADAPTER_LIBS = '^libs/(cache|kafka|vector-index|embedder|event-bus)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules are one; split the shared part out.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'apps-never-import-apps',
      severity: 'error',
      comment: 'Shared code between apps belongs in a lib.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'production-never-imports-bench-or-test',
      severity: 'error',
      comment: 'apps and libs ship; bench, test, scripts and tools are development tooling.',
      from: { path: '^(apps|libs)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(bench|test)/' },
    },
    {
      name: 'domain-depends-on-nothing',
      severity: 'error',
      comment: 'The domain is types, schemas and rules: zod and node:crypto only.',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^libs/domain/', '(^|/)node_modules/zod/', '^(node:)?crypto$'] },
    },
    {
      name: 'use-case-libs-never-import-adapters',
      severity: 'error',
      comment: 'Use-case libs depend on ports; adapters are chosen by the composition (libs/infrastructure, apps).',
      from: { path: '^libs/', pathNot: ['^libs/(infrastructure|demo-catalogue)/', ADAPTER_LIBS, '\\.spec\\.ts$', '/testing/'] },
      to: { path: ADAPTER_LIBS },
    },
    {
      name: 'adapters-depend-on-the-domain-only',
      severity: 'error',
      comment: 'An adapter implements a port of the domain; it never reaches into use-case libs or other adapters.',
      from: { path: ADAPTER_LIBS, pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/', pathNot: ['^libs/domain/', '^libs/(cache|kafka|vector-index|embedder|event-bus)/'] },
    },
    {
      name: 'adapters-never-import-each-other',
      severity: 'error',
      from: { path: '^libs/(cache|kafka|vector-index|embedder|event-bus)/', pathNot: '\\.spec\\.ts$' },
      to: { path: ADAPTER_LIBS, pathNot: '^libs/$1/' },
    },
    {
      name: 'other-libs-by-alias-only',
      severity: 'error',
      comment: 'Import another lib by its @marquee alias (its index.ts), never by a relative path into its files.',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: '^libs/$1/', dependencyTypesNot: ['aliased-tsconfig', 'aliased-tsconfig-paths'] },
    },
    {
      name: 'apps-import-libs-by-alias-only',
      severity: 'error',
      from: { path: '^(apps|bench|scripts|test)/' },
      to: { path: '^libs/', dependencyTypesNot: ['aliased-tsconfig', 'aliased-tsconfig-paths'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|models|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
