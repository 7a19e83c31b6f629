import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'pipeline',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'evaluation/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
