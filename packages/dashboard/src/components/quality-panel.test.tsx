import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW_MS, statusDocument } from '../test/fixtures';
import { QualityPanel } from './quality-panel';

const quality = statusDocument().data_quality;

describe('QualityPanel', () => {
  it('shows both rates with the counts behind them and the status', () => {
    render(<QualityPanel quality={quality} nowMs={NOW_MS} />);
    expect(screen.getByTestId('quality-geocoding').textContent).toContain('87.5%');
    expect(screen.getByTestId('quality-geocoding').textContent).toContain('350 of 400 geocoded');
    expect(screen.getByTestId('quality-validation').textContent).toContain('92.3%');
    expect(screen.getByTestId('quality-validation').textContent).toContain('323 of 350 passed');
    expect(screen.getByText('Healthy')).toBeTruthy();
    expect(screen.getByText(/From the newest quality measurement/).textContent).toContain(
      '10 min ago',
    );
  });

  it('describes the 24 h trend for screen readers', () => {
    render(<QualityPanel quality={quality} nowMs={NOW_MS} />);
    const chart = screen.getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe(
      'Trend over 24 hourly points: geocoding success from 80.0% to 85.0% (low 80.0%); validation pass from 90.0% to 92.4% (low 90.0%).',
    );
  });

  it('says where the figures come from when there are no measurements', () => {
    render(
      <QualityPanel
        quality={{ ...quality, basis: 'events', measured_at: null, trend: [] }}
        nowMs={NOW_MS}
      />,
    );
    expect(
      screen.getByText('Computed from the extracted events (no quality measurements yet).'),
    ).toBeTruthy();
    expect(screen.getByText('No measurements in the last 24 h')).toBeTruthy();
  });

  it('shows a dash and "no attempts" for a rate that cannot be computed', () => {
    render(
      <QualityPanel
        quality={{
          ...quality,
          basis: 'none',
          geocoding_success_rate: null,
          geocoding_attempts: 0,
          geocoding_successes: 0,
        }}
        nowMs={NOW_MS}
      />,
    );
    expect(screen.getByTestId('quality-geocoding').textContent).toContain('—');
    expect(screen.getByTestId('quality-geocoding').textContent).toContain('no attempts');
  });

  it('reserves the chart while loading', () => {
    const { container } = render(<QualityPanel quality={null} nowMs={NOW_MS} />);
    expect(container.querySelector('.skeleton--chart')).not.toBeNull();
    expect(screen.getByRole('region', { name: 'Data quality' }).getAttribute('aria-busy')).toBe(
      'true',
    );
  });
});
