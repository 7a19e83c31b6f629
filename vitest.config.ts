import { defineConfig } from 'vitest/config';

// Unit and integration tests of every package and of the bench's harness (`npm run test:unit`);
// the browser tests have their own config in e2e/.
export default defineConfig({
  test: {
    projects: ['packages/*', 'bench', 'testing'],
    // Prints the skipped suites in one closing line, and fails the run when a process the tests
    // started outlives them.
    globalSetup: ['testing/global-setup.ts'],
  },
});
