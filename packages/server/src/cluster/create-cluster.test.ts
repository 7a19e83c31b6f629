import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createCluster } from './create-cluster';

describe('createCluster', () => {
  it('runs a lone process unless both Redis and a shared PostgreSQL are configured', () => {
    expect(createCluster(loadConfig({}))).toBeUndefined();
    // PGlite cannot be shared between processes: Redis alone does not make a cluster.
    expect(createCluster(loadConfig({ REDIS_URL: 'redis://127.0.0.1:1' }))).toBeUndefined();
    expect(
      createCluster(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/db' })),
    ).toBeUndefined();
  });

  it('scopes the Redis keys to the database: one cluster per database, never mixed', () => {
    const prefix = (url: string, env: Record<string, string> = {}) =>
      loadConfig({ DATABASE_URL: url, ...env }).redisPrefix;
    const a = prefix('postgres://postgres@db.example:5432/monitor');
    expect(a).toMatch(/^naija-monitor:db-[0-9a-f]{8}:$/);
    // The same database whatever the credentials or the spelled-out default port.
    expect(prefix('postgres://other:secret@db.example/monitor')).toBe(a);
    expect(prefix('postgres://postgres@db.example:5432/other')).not.toBe(a);
    expect(prefix('postgres://postgres@db2.example:5432/monitor')).not.toBe(a);
    expect(prefix('postgres://postgres@db.example:5432/monitor', { REDIS_PREFIX: 'mine:' })).toBe(
      'mine:',
    );
    expect(() => loadConfig({ REDIS_PREFIX: 'has space' })).toThrow(/REDIS_PREFIX/);
  });
});
