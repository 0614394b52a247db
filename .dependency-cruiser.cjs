// The layer rule of ARCHITECTURE.md, checked on every TypeScript and JavaScript module by
// `npm run lint:deps` (scripts/lint/architecture.mjs). Astro components are checked by ESLint's
// no-restricted-imports (eslint.config.js), which can read their frontmatter.
const UI = '^src/(pages|components|layouts|actions|middleware[.]ts)';
const PURE = '^src/lib/(?!server/)';
const BROWSER = '^src/scripts/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Two modules that import each other cannot be understood, tested or moved apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'ui-not-to-db',
      comment: 'Pages, components and actions reach the database only through src/lib/server/.',
      severity: 'error',
      from: { path: UI },
      to: { path: '^db/' },
    },
    {
      name: 'pure-rules-stay-pure',
      comment: 'src/lib/<domain>/ holds rules without the database, the filesystem, the network or astro: modules.',
      severity: 'error',
      from: { path: PURE },
      to: {
        path: [
          '^src/lib/server/',
          '^db/',
          '^astro:',
          '^(node:)?(fs|fs/promises|net|http|https|child_process|worker_threads|sqlite)$',
        ],
      },
    },
    {
      name: 'schema-below-server',
      comment:
        'db/ is the bottom layer: it may use pure rules, never the server code that uses it. ' +
        "db/seed.ts, db/seed/ and db/first-admin.ts are command-line programs that drive the app's own services, like scripts/.",
      severity: 'error',
      from: { path: '^db/', pathNot: '^db/(seed[.]ts|seed/|first-admin[.]ts)' },
      to: { path: ['^src/lib/server/', UI] },
    },
    {
      name: 'browser-scripts-no-server',
      comment: 'Browser scripts are bundled for the learner: server code and the database must not reach them.',
      severity: 'error',
      from: { path: BROWSER },
      to: { path: ['^src/lib/server/', '^db/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-not-to-ui',
      comment: 'Server modules are called by pages and actions, never the other way round.',
      severity: 'error',
      from: { path: '^(src/lib|db)/' },
      to: { path: [UI, '^src/scripts/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|[.]astro|[.]tmp|[.]bench|data)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};
