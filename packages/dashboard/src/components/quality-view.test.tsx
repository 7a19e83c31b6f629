import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { withConsole } from '../test/console-fixtures';
import { QualityView } from './quality-view';

describe('QualityView', () => {
  it('loads the quality series for the range and lists the newest points', async () => {
    const { element, requests } = withConsole(<QualityView range="1h" refreshKey="1" />, {
      answers: {
        '/api/v1/quality': {
          range: '1h',
          points: [
            {
              at: '2026-01-28T15:20:00.000Z',
              geocoding_success_rate: 91.5,
              validation_pass_rate: 97,
            },
            {
              at: '2026-01-28T15:25:00.000Z',
              geocoding_success_rate: 62.25,
              validation_pass_rate: null,
            },
          ],
        },
      },
    });
    render(element);
    await waitFor(() => expect(screen.getByTestId('quality-table')).toBeTruthy());
    expect(new URL(requests[0]!.url).search).toBe('?range=1h');
    const rows = screen.getByTestId('quality-table').querySelectorAll('tbody tr');
    expect(rows[0]!.textContent).toBe('28 Jan 2026, 15:25:00 UTC62.3%—');
    expect(rows[1]!.textContent).toBe('28 Jan 2026, 15:20:00 UTC91.5%97.0%');
    expect(screen.getByRole('region', { name: 'Quality series · last 1 h' })).toBeTruthy();
  });
});
