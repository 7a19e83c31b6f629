import { defineConfig } from 'vitest/config';

// Unit and integration tests of every package; the browser tests have their own config in e2e/.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
