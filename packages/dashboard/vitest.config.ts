import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../vitest.source.ts';
import react from '@vitejs/plugin-react';

// Component tests: panels rendered from fixed status documents in happy-dom.
export default defineProject({
  ...sourceConditions,
  plugins: [react()],
  test: {
    name: 'dashboard',
    environment: 'happy-dom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    // Absolute times in the panels are formatted in the local zone; pin it so tests are stable.
    env: { TZ: 'UTC' },
    testTimeout: 20_000,
  },
});
