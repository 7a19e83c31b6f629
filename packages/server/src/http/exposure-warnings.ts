import type { Config } from '../config';
import { isLoopbackHostname } from '../access/auth';

/**
 * Warnings about a configuration that exposes more than the operator may think, logged at
 * start. Reads without `AUTH_TOKENS` are open on purpose (an internal dashboard), but on an
 * address other hosts can reach that is worth saying out loud.
 */
export function exposureWarnings(config: Config): string[] {
  const warnings: string[] = [];
  const host = config.host.replace(/^\[|\]$/g, '');
  if (config.authTokens.length === 0 && !isLoopbackHostname(host)) {
    warnings.push(
      `Listening on ${config.host} without AUTH_TOKENS: anyone who can reach port ${config.port} reads the pipeline status, alerts and metrics. Set AUTH_TOKENS, or HOST=127.0.0.1 behind a proxy.`,
    );
  }
  if (config.adminTokens.length === 0) {
    warnings.push('ADMIN_TOKENS is not set: acknowledging and silencing alerts is disabled.');
  }
  if (config.allowedHosts.includes('*')) {
    warnings.push('ALLOWED_HOSTS=* accepts any Host header: DNS rebinding is not blocked.');
  }
  return warnings;
}
