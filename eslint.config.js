// One lint setup for the whole repo: typescript-eslint with type information,
// react-hooks for the dashboard, and import boundaries that keep dependencies pointing down.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NO_SRC_IMPORTS = {
  group: ['@naija-monitor/*/src/*', '**/packages/*/src/*'],
  message: 'Import a package by its name, not its src/.',
};
const NO_SERVER_IMPORTS = {
  group: ['@naija-monitor/server', '@naija-monitor/server/*', '@naija-monitor/pipeline'],
  message: 'Browser-side packages never import server code.',
};

/**
 * The server's folder boundaries (packages/server/README.md): `folder` may not import from
 * any of `forbidden`. Test files are exempt (they assemble real pieces across folders).
 */
const serverBoundary = (folder, forbidden, why) => ({
  files: [`packages/server/src/${folder}/**/*.ts`],
  ignores: ['**/*.test.ts'],
  rules: {
    // A later entry for the same rule replaces the earlier one: repeat NO_SRC_IMPORTS here.
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          NO_SRC_IMPORTS,
          {
            group: forbidden.flatMap((name) => [
              `../${name}/*`,
              `../../${name}/*`,
              `../../../${name}/*`,
            ]),
            message: `${folder}/ may not import ${forbidden.join(', ')}: ${why}`,
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'e2e/artifacts/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [NO_SRC_IMPORTS] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['packages/server/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: [
      'packages/client/**/*.ts',
      'packages/dashboard/**/*.{ts,tsx}',
      'packages/protocol/**/*.ts',
    ],
    rules: {
      // A later entry for the same rule replaces the earlier one: repeat NO_SRC_IMPORTS here.
      'no-restricted-imports': ['error', { patterns: [NO_SRC_IMPORTS, NO_SERVER_IMPORTS] }],
    },
  },
  {
    files: ['packages/dashboard/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The type-checked preset where its findings were fixed (the server's sources and tests).
    // require-await stays off: Fastify plugins and hooks are async by contract, awaited or not.
    files: ['packages/server/src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // One job per file: a source file over 400 lines is split (data tables are exempt by name).
    files: ['packages/server/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  serverBoundary(
    'live',
    ['status', 'store', 'http', 'db', 'cluster', 'history', 'notify'],
    'transports only; the composition root (src/compose.ts) hands them what to send',
  ),
  serverBoundary(
    'status',
    ['live', 'http', 'publish', 'access', 'cluster', 'history', 'bus'],
    'the status is computed without knowing who publishes or serves it',
  ),
  serverBoundary(
    'store',
    ['status', 'live', 'http', 'publish', 'access', 'cluster', 'notify'],
    'SQL only; the row types live in store/ so the arrows point status -> store',
  ),
  serverBoundary(
    'access',
    ['live', 'http', 'status', 'store', 'publish', 'cluster'],
    'auth, host, origin, addressing and limits are shared by HTTP, SSE and WebSocket',
  ),
  serverBoundary(
    'publish',
    ['live', 'http', 'status', 'store', 'cluster'],
    'the scheduler is given its compute function and its listeners',
  ),
);
