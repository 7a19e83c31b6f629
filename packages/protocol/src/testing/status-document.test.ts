import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { StatusDocumentSchema } from '@naija-monitor/protocol';
import { SAMPLE_TIME, sampleStatusDocument } from '@naija-monitor/protocol/testing';

describe('sampleStatusDocument', () => {
  it('is a valid status document, by default and with overrides', () => {
    expect(Value.Errors(StatusDocumentSchema, sampleStatusDocument()).First()).toBeUndefined();
    const overridden = sampleStatusDocument({
      at: new Date('2026-03-01T08:00:00.000Z'),
      overrides: { overall_status: 'unhealthy', status: 'unhealthy', anomalies: [] },
    });
    expect(Value.Check(StatusDocumentSchema, overridden)).toBe(true);
  });

  it('dates everything from `at`, fixed by default, and applies overrides last', () => {
    expect(sampleStatusDocument().timestamp).toBe(SAMPLE_TIME.toISOString());
    const at = new Date('2026-03-01T08:00:00.000Z');
    const document = sampleStatusDocument({ at, overrides: { last_run: null } });
    expect(document.timestamp).toBe('2026-03-01T08:00:00.000Z');
    expect(document.system_health.data_as_of).toBe('2026-03-01T08:00:00.000Z');
    expect(document.data_quality.trend[3]?.timestamp).toBe('2026-03-01T05:00:00.000Z');
    expect(document.last_run).toBeNull();
    expect(document.monitor).toBeUndefined();
  });

  it('adds up its sources and is a realistically sized payload', () => {
    const { scraping_health: health } = sampleStatusDocument();
    expect(health.articles_collected).toBe(
      health.sources.reduce((sum, source) => sum + source.articles_collected, 0),
    );
    expect(health.events_extracted).toBe(
      health.sources.reduce((sum, source) => sum + source.events_extracted, 0),
    );
    const bytes = JSON.stringify(sampleStatusDocument()).length;
    expect(bytes).toBeGreaterThan(3000);
    expect(bytes).toBeLessThan(7000);
  });
});
