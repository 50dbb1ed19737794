/** Enforces the folder rules of CONVENTIONS.md: contract ← core ← platform ← features ← api/cli ← app ← bin. */
const features = '(logs|sources|detections|alerts|lake|cloud)'

module.exports = {
  forbidden: [
    {
      name: 'contract-imports-only-zod',
      comment:
        'src/contract is shared with the web UI and detections: import only zod and other contract files.',
      severity: 'error',
      from: { path: '^src/contract/' },
      to: { pathNot: ['^src/contract/', 'node_modules/zod/'] },
    },
    {
      name: 'core-is-pure',
      comment:
        'src/core holds domain types and interfaces: import only contract, core and zod; put I/O in platform or a feature module.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/(contract|core)/', 'node_modules/zod/'] },
    },
    {
      name: 'platform-below-features',
      comment:
        'src/platform is infrastructure: it must not import feature modules, api, cli, app or bin. Move the shared type to core.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: `^src/(${features.slice(1, -1)}|api|cli|app|bin|sdk)/` },
    },
    {
      name: 'features-do-not-import-each-other',
      comment:
        'Feature modules never import each other: put the shared type in core and wire them in src/app.',
      severity: 'error',
      from: { path: `^src/${features}/` },
      to: { path: '^src/(logs|sources|detections|alerts|lake|cloud)/', pathNot: '^src/$1/' },
    },
    {
      name: 'features-below-api-cli-app',
      comment:
        'Feature modules must not import api, cli, app or bin: pass what they need in through an interface.',
      severity: 'error',
      from: { path: `^src/${features}/` },
      to: { path: '^src/(api|cli|app|bin)/' },
    },
    {
      name: 'api-cli-below-app',
      comment:
        'api and cli receive services from app; they must not import app or bin (nor each other).',
      severity: 'error',
      from: { path: '^src/(api|cli)/' },
      to: { path: '^src/(app|bin)/' },
    },
    {
      name: 'api-and-cli-apart',
      comment: 'api and cli are siblings: share through core or contract.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-not-api',
      comment: 'api and cli are siblings: share through core or contract.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'app-not-bin',
      comment: 'Only bin/ touches process.argv and process.exit; nothing imports it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/bin/' },
    },
    {
      name: 'sdk-is-types-only',
      comment: 'src/sdk is imported by user detections: it may import only contract and core.',
      severity: 'error',
      from: { path: '^src/sdk/' },
      to: { path: '^src/', pathNot: '^src/(sdk|contract|core)/' },
    },
    {
      name: 'plugins-do-not-import-siblings',
      comment: 'A plugin never imports a sibling plugin: share through the parent module or core.',
      severity: 'error',
      from: { path: '^src/(sources|alerts/destinations)/([^/]+)/' },
      to: {
        path: '^src/(sources|alerts/destinations)/([^/]+)/',
        pathNot: ['^src/$1/$2/', '^src/sources/framing/'],
      },
    },
    {
      name: 'import-modules-through-index',
      comment: 'Import another module through its index.ts; its other files are private.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/[^/]+/.+[.]ts$',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/platform/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'src-not-test',
      comment: 'src/ never imports test/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'Circular imports make load order fragile: extract the shared part.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
}
