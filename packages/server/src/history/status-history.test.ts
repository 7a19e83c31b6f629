import { describe, expect, it } from 'vitest';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';
import { ConfigError, loadConfig } from '../config';
import { rebuildDocument, stableView } from './status-history';

describe('stableView (what dedup compares)', () => {
  const base = sampleStatusDocument();

  it('ignores times, memory, timings, the node and the monitor figures', () => {
    const later = sampleStatusDocument();
    later.timestamp = '2030-01-01T00:00:00.000Z';
    later.system_health = {
      ...later.system_health,
      memory_rss_bytes: 1,
      heap_used_bytes: 2,
      uptime_seconds: 3,
      node_id: 'other',
      data_as_of: '2030-01-01T00:00:00.000Z',
      database: { ...later.system_health.database, query_ms: 99 },
    };
    later.anomalies = later.anomalies.map((a) => ({ ...a, timestamp: '2030-01-01T00:00:00.000Z' }));
    later.monitor = undefined;
    expect(stableView(later)).toEqual(stableView(base));
  });

  it('sees every other change', () => {
    expect(stableView({ ...base, overall_status: 'healthy' })).not.toEqual(stableView(base));
    expect(stableView({ ...base, last_run: null })).not.toEqual(stableView(base));
    const stale = {
      ...base,
      system_health: { ...base.system_health, stale: !base.system_health.stale },
    };
    expect(stableView(stale)).not.toEqual(stableView(base));
  });
});

describe('rebuildDocument', () => {
  it('refuses a chain that does not start with a full document', () => {
    expect(() => rebuildDocument([{ kind: 'patch', body: {} }])).toThrow(/full document/);
    expect(() => rebuildDocument([])).toThrow(/full document/);
  });
});

describe('STATUS_HISTORY_DAYS', () => {
  it('defaults to 7 days and accepts 1 to 365 whole days', () => {
    expect(loadConfig({}).statusHistoryDays).toBe(7);
    expect(loadConfig({ STATUS_HISTORY_DAYS: '30' }).statusHistoryDays).toBe(30);
    for (const bad of ['0', '366', '1.5', 'week']) {
      expect(() => loadConfig({ STATUS_HISTORY_DAYS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ STATUS_HISTORY_DAYS: bad })).toThrow(/STATUS_HISTORY_DAYS/);
    }
  });
});
