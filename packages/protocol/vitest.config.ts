import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../vitest.source.ts';

export default defineProject({
  ...sourceConditions,
  test: {
    name: 'protocol',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
