import { defaultClientConditions, defaultServerConditions } from 'vite';

/**
 * Resolve the workspace packages (`@naija-monitor/*`) to their TypeScript sources through the
 * "source" export condition, so tests run the code as it is and never need `npm run build`.
 * Spread into every Vitest project's config (and the dashboard's Vite config).
 */
export const sourceConditions = {
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
};
