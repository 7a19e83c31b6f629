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
);
