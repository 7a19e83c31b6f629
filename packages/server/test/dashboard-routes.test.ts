import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../src/config';
import { registerDashboardRoutes } from '../src/http/dashboard-routes';
import { registerSecurity } from '../src/access/security';

function fakeDist(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return `${dir}/`;
}

describe('dashboard routes', () => {
  it('serves the build, generated /config.js even when dist/ has one, and a strict CSP', async () => {
    const dist = fakeDist({
      'index.html': '<!doctype html><title>Pipeline Monitor</title>',
      'config.js': 'window.__MONITOR_CONFIG__ = "stale build artefact";',
      'assets/app-1234.js': 'console.log(1)',
    });
    const app = Fastify();
    const config = testConfig({ dashboardApiUrl: 'https://api.example.org' });
    await registerSecurity(app, config);
    await registerDashboardRoutes(app, config, dist);

    const index = await app.inject('/');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('Pipeline Monitor');
    expect(index.headers['cache-control']).toBe('no-cache');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('https://api.example.org');
    expect(csp).toContain("frame-ancestors 'none'");

    const runtime = await app.inject('/config.js');
    expect(runtime.body).toBe(
      `window.__MONITOR_CONFIG__ = ${JSON.stringify({ apiUrl: 'https://api.example.org', intervalMs: config.broadcastIntervalMs })};\n`,
    );

    const asset = await app.inject('/assets/app-1234.js');
    expect(asset.headers['cache-control']).toContain('immutable');
    await app.close();
  });

  it('says how to build the dashboard when it is missing', async () => {
    const app = Fastify();
    await registerDashboardRoutes(app, testConfig(), fakeDist({}));
    const index = await app.inject('/');
    expect(index.statusCode).toBe(503);
    expect(index.headers['content-type']).toMatch(/^application\/json/);
    expect(index.json()).toMatchObject({ error: 'DASHBOARD_NOT_BUILT', statusCode: 503 });
    expect(index.json<{ message: string }>().message).toContain(
      'npm run build -w @naija-monitor/dashboard',
    );
    await app.close();
  });
});
