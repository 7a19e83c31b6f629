import { defineProject } from 'vitest/config';

// Unit tests of the bench's pure parts, and the quick harness check (harness.test.ts).
export default defineProject({
  test: {
    name: 'bench',
    include: ['**/*.test.ts'],
    testTimeout: 20_000,
  },
});
