import { defineProject } from 'vitest/config';
import { sourceConditions } from '../vitest.source.ts';

// Tests of the test run's own machinery: skip summary, leftover processes, process groups.
export default defineProject({
  ...sourceConditions,
  root: import.meta.dirname,
  test: {
    name: 'testing',
    include: ['**/*.test.ts'],
    testTimeout: 20_000,
  },
});
