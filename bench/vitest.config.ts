import { defineProject } from 'vitest/config';
import { sourceConditions } from '../vitest.source.ts';

// Unit tests of the bench's pure parts and of the load generator against the peer servers.
// `root` keeps `npx vitest run --config bench/vitest.config.ts` inside bench/.
export default defineProject({
  ...sourceConditions,
  root: import.meta.dirname,
  test: {
    name: 'bench',
    include: ['**/*.test.ts'],
    testTimeout: 20_000,
  },
});
