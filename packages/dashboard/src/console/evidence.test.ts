import { describe, expect, it } from 'vitest';
import type { Alert, Anomaly } from '@naija-monitor/protocol';
import { alertEvidence, anomalyEvidence } from './evidence';

const sources = [{ id: 'source-4', name: 'ThisDay' }];
const alert = (type: string, labels?: Record<string, string>): Alert => ({
  id: 'a',
  type,
  severity: 'high',
  title: 't',
  message: 'm',
  timestamp: '2026-01-28T10:00:00.000Z',
  ...(labels ? { labels } : {}),
});
const anomaly = (type: string, subject?: string): Anomaly => ({
  id: 'x',
  type,
  severity: 'high',
  description: 'd',
  timestamp: '2026-01-28T10:00:00.000Z',
  ...(subject ? { subject } : {}),
});

describe('evidence behind alerts and anomalies', () => {
  it('links a source failure or silence to the source drill-down', () => {
    expect(alertEvidence(alert('source_failing', { source: 'source-4' }), sources)?.to).toEqual({
      view: 'source',
      source: 'source-4',
    });
    expect(anomalyEvidence(anomaly('source_silent', 'ThisDay'), sources)?.to).toEqual({
      view: 'source',
      source: 'source-4',
    });
  });

  it('links a spike or coverage gap to the state on the map', () => {
    expect(anomalyEvidence(anomaly('event_spike', 'Borno'))?.to).toEqual({
      view: 'map',
      state: 'Borno',
    });
    expect(alertEvidence(alert('coverage_gap', { state: 'Kano' }))?.to).toEqual({
      view: 'map',
      state: 'Kano',
    });
  });

  it('links a drift to the quality series', () => {
    expect(alertEvidence(alert('geo_precision_drift'))?.to).toEqual({ view: 'quality' });
    expect(anomalyEvidence(anomaly('data_quality_low'))?.to).toEqual({ view: 'quality' });
  });

  it('gives nothing for what has no evidence page', () => {
    expect(alertEvidence(alert('memory_high'))).toBeNull();
  });
});
