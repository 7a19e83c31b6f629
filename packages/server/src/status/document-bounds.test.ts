import { sampleStatusDocument } from '@naija-monitor/protocol/testing';
import type { Alert, Anomaly, SourceHealth } from '@naija-monitor/protocol';
import { describe, expect, it } from 'vitest';
import { boundDocument, DEFAULT_DOCUMENT_LIMITS } from './document-bounds';

const base = sampleStatusDocument();
const source = (index: number, state: SourceHealth['state']): SourceHealth => ({
  ...base.scraping_health.sources[0]!,
  id: `source-${index}`,
  name: `Source ${index}`,
  state,
});
const anomaly = (index: number, severity: Anomaly['severity']): Anomaly => ({
  id: `anomaly-${index}`,
  type: 'event_spike',
  severity,
  description: `spike ${index}`,
  timestamp: base.timestamp,
});
const alert = (index: number, severity: Alert['severity'], state: Alert['state']): Alert => ({
  id: `alert-${index}`,
  type: 'source_failing',
  severity,
  title: `alert ${index}`,
  message: 'm',
  timestamp: base.timestamp,
  state,
});

describe('boundDocument', () => {
  it('leaves a document within its bounds as it is, without an omitted field', () => {
    expect(boundDocument(base)).toEqual(base);
  });

  it('keeps failing sources and the most severe anomalies and alerts, and counts the rest', () => {
    const sources = [
      ...Array.from({ length: 5000 }, (_, i) => source(i, 'ok')),
      source(9001, 'failing'),
    ];
    const anomalies = [
      ...Array.from({ length: 400 }, (_, i) => anomaly(i, 'low')),
      anomaly(9001, 'high'),
    ];
    const alerts = [
      ...Array.from({ length: 300 }, (_, i) => alert(i, 'critical', 'resolved')),
      alert(9001, 'medium', 'firing'),
    ];
    const bounded = boundDocument({
      ...base,
      scraping_health: { ...base.scraping_health, sources },
      anomalies,
      alerts,
    });
    expect(bounded.scraping_health.sources).toHaveLength(DEFAULT_DOCUMENT_LIMITS.maxSources);
    expect(bounded.scraping_health.sources.map((s) => s.id)).toContain('source-9001');
    expect(bounded.anomalies.map((a) => a.id)).toContain('anomaly-9001');
    expect(bounded.alerts.map((a) => a.id)).toContain('alert-9001');
    expect(bounded.omitted).toEqual({
      sources: 5001 - DEFAULT_DOCUMENT_LIMITS.maxSources,
      anomalies: 401 - DEFAULT_DOCUMENT_LIMITS.maxAnomalies,
      alerts: 301 - DEFAULT_DOCUMENT_LIMITS.maxAlerts,
    });
    expect(JSON.stringify(bounded).length).toBeLessThan(DEFAULT_DOCUMENT_LIMITS.maxDocumentBytes);
  });

  it('shortens outside texts', () => {
    const long = 'e'.repeat(50_000);
    const bounded = boundDocument({
      ...base,
      scraping_health: {
        ...base.scraping_health,
        last_error: long,
        sources: [{ ...source(1, 'failing'), name: long, last_error: long }],
      },
      anomalies: [{ ...anomaly(1, 'high'), description: long }],
      alerts: [{ ...alert(1, 'high', 'firing'), title: long, message: long }],
    });
    expect(JSON.stringify(bounded).length).toBeLessThan(10_000);
  });

  it('stays under the byte ceiling below the slow-client threshold whatever was ingested', () => {
    const long = 'x'.repeat(300);
    const sources = Array.from({ length: 3000 }, (_, i) => ({
      ...source(i, 'failing' as const),
      name: `${long}${i}`,
      last_error: long,
    }));
    const alerts = Array.from({ length: 3000 }, (_, i) => ({
      ...alert(i, 'high', 'firing'),
      title: long,
      message: long,
    }));
    const bounded = boundDocument({
      ...base,
      scraping_health: { ...base.scraping_health, sources },
      alerts,
    });
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(48 * 1024);
    expect(bounded.omitted!.sources + bounded.scraping_health.sources.length).toBe(3000);
    expect(bounded.alerts.length).toBeGreaterThan(0);
  });
});
