import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW_MS, statusDocument } from '../test/fixtures';
import { OverviewPanel } from './overview-panel';

describe('OverviewPanel', () => {
  it('shows sources processed of total, articles and events', () => {
    render(<OverviewPanel scraping={statusDocument().scraping_health} nowMs={NOW_MS} />);
    expect(screen.getByTestId('overview-sources').textContent).toContain('5 / 7');
    expect(screen.getByTestId('overview-sources').textContent).toContain(
      '1 failed in the latest run',
    );
    expect(within(screen.getByTestId('overview-articles')).getByText('125')).toBeTruthy();
    expect(within(screen.getByTestId('overview-events')).getByText('42')).toBeTruthy();
    expect(screen.getByTestId('overview-articles').textContent).toContain('last 24 h');
    expect(screen.getByTestId('overview-success').textContent).toContain('87.5%');
    expect(screen.getByTestId('overview-success').textContent).toContain('last run 5 min ago');
  });

  it('groups large numbers', () => {
    const scraping = { ...statusDocument().scraping_health, articles_collected: 12_345 };
    render(<OverviewPanel scraping={scraping} nowMs={NOW_MS} />);
    expect(screen.getByTestId('overview-articles').textContent).toContain('12,345');
  });

  it('shows a busy skeleton with the same tiles before the first status', () => {
    render(<OverviewPanel scraping={null} nowMs={NOW_MS} />);
    const region = screen.getByRole('region', { name: 'Overview' });
    expect(region.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByText('Sources processed')).toBeTruthy();
    expect(region.querySelectorAll('.skeleton').length).toBe(4);
  });
});
