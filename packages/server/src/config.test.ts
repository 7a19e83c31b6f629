import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses the contract defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8000,
      databaseUrl: undefined,
      redisUrl: undefined,
      broadcastIntervalMs: 5000,
      maxConnections: 19_000,
      connectionTimeoutMs: 60_000,
      connectionMaxAgeMs: 1_800_000,
      pingIntervalMs: 25_000,
      authTokens: [],
      ingestTokens: [],
      corsOrigins: [],
    });
  });

  it('separates read, admin and ingest tokens; an admin token also reads', () => {
    const config = loadConfig({
      AUTH_TOKENS: 'grafana:read-secret-000000001',
      ADMIN_TOKENS: 'ada:admin-secret-00000001,bob:admin-secret-00000002',
      INGEST_TOKENS: 'pipeline:ingest-secret-0000001',
    });
    expect(config.authTokens).toEqual([
      'read-secret-000000001',
      'admin-secret-00000001',
      'admin-secret-00000002',
    ]);
    expect(config.adminTokens).toEqual([
      { name: 'ada', secret: 'admin-secret-00000001' },
      { name: 'bob', secret: 'admin-secret-00000002' },
    ]);
    expect(config.ingestTokens).toEqual(['ingest-secret-0000001']);
    // Without read tokens reads stay open, whatever ADMIN_TOKENS holds.
    expect(loadConfig({ ADMIN_TOKENS: 'ada:admin-secret-00000001' }).authTokens).toEqual([]);
    expect(loadConfig({}).maxActiveSilences).toBe(100);
    expect(loadConfig({}).maxSilenceDurationMs).toBe(7 * 86_400_000);
  });

  it('parses decimals, lists and flags', () => {
    const config = loadConfig({
      BROADCAST_INTERVAL: '0.2',
      AUTH_TOKENS: ' aaaaaaaaaaaaaaaa, reader-b:bbbbbbbbbbbbbbbb ,,cccccccccccccccc',
      CORS_ORIGINS: 'https://tracker.example.org,http://localhost:3000',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      TRUST_PROXY: 'yes',
    });
    expect(config.broadcastIntervalMs).toBe(200);
    expect(config.authTokens).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc']);
    expect(config.corsOrigins).toEqual(['https://tracker.example.org', 'http://localhost:3000']);
    expect(config.trustProxy).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', /PORT: expected an integer/],
    ['PORT', '70000', /PORT: must be between 0 and 65535/],
    ['BROADCAST_INTERVAL', '0', /BROADCAST_INTERVAL: must be between/],
    ['MAX_CONNECTIONS', '1.5', /MAX_CONNECTIONS: expected an integer/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected a postgres: or postgresql: URL/],
    ['REDIS_URL', 'not a url', /REDIS_URL: not a URL/],
    [
      'CORS_ORIGINS',
      'https://a.org/path',
      /CORS_ORIGINS: "https:\/\/a.org\/path" is not an origin/,
    ],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of/],
    [
      'AUTH_TOKENS',
      'short-token',
      /AUTH_TOKENS: token "reader-1" is 11 characters; use at least 16/,
    ],
    ['ADMIN_TOKENS', 'ada:short', /ADMIN_TOKENS: token "ada" is 5 characters/],
    ['INGEST_TOKENS', 'abc', /INGEST_TOKENS: .*at least 16/],
    [
      'ALLOWED_HOSTS',
      'https://a.example',
      /ALLOWED_HOSTS: "https:\/\/a.example" is not a host name/,
    ],
    ['PUBLIC_URL', 'ftp://a.example', /PUBLIC_URL: expected a http: or https: URL/],
    ['MAX_ACTIVE_SILENCES', '0', /MAX_ACTIVE_SILENCES: must be between/],
  ])('stops on a bad %s naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('does not echo credentials of a bad URL', () => {
    const thrown = (() => {
      try {
        loadConfig({ DATABASE_URL: 'http ://user:secret@host' });
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown?.message).toMatch(/DATABASE_URL: not a URL/);
    expect(thrown?.message).not.toContain('secret');
  });
});
