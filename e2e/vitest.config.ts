import { defineConfig } from 'vitest/config';

// End-to-end tests: the real server on port 0 with an in-memory database, the built dashboard,
// Debian chromium through playwright-core. Run with `npm run test:e2e`.
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'artifacts/**'],
    globalSetup: ['support/global-setup.ts', '../testing/global-setup.ts'],
    // One browser at a time: the machine has two cores shared with the server under test.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
