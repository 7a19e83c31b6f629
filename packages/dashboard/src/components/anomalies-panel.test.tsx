import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW_MS, statusDocument } from '../test/fixtures';
import { AnomaliesPanel } from './anomalies-panel';

describe('AnomaliesPanel', () => {
  it('lists anomalies most severe first with type, subject, description and figures', () => {
    const anomalies = [...statusDocument().anomalies].reverse();
    render(<AnomaliesPanel anomalies={anomalies} nowMs={NOW_MS} />);
    const items = screen.getAllByTestId('anomaly');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Severity: high');
    expect(items[0]!.textContent).toContain('Event spike');
    expect(items[0]!.textContent).toContain('Borno');
    expect(items[0]!.textContent).toContain(
      'Borno reported 14 events in the last 24 h against a baseline of 4.',
    );
    expect(items[0]!.textContent).toContain('observed 14, expected 4');
    expect(items[0]!.textContent).toContain('since 1 h ago');
    expect(items[0]!.textContent).toContain('15 min ago');
    expect(items[1]!.textContent).toContain('Source silent');
    expect(screen.getByRole('region', { name: 'Anomalies' }).textContent).toContain('2 detected');
  });

  it('says when there are none', () => {
    render(<AnomaliesPanel anomalies={[]} nowMs={NOW_MS} />);
    expect(screen.getByText('No anomalies detected.')).toBeTruthy();
  });

  it('is busy while loading', () => {
    render(<AnomaliesPanel anomalies={null} nowMs={NOW_MS} />);
    expect(screen.getByRole('region', { name: 'Anomalies' }).getAttribute('aria-busy')).toBe(
      'true',
    );
  });
});
