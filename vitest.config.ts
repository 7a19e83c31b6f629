import { defineConfig } from 'vitest/config';

// Unit and integration tests of every package and of the bench's harness (`npm run test:unit`);
// the browser tests have their own config in e2e/.
export default defineConfig({
  test: {
    projects: ['packages/*', 'bench'],
  },
});
