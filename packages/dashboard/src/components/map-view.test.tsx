import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { statesFixture, withConsole } from '../test/console-fixtures';
import { DEFAULT_VIEW } from '../console/view-state';
import { MapView } from './map-view';

describe('MapView', () => {
  it("shows the chosen state's events and reporting sources, and selects states into the view", async () => {
    const setView = vi.fn();
    const { element, requests } = withConsole(
      <MapView range="7d" selected="Borno" refreshKey="1" />,
      {
        answers: {
          '/api/v1/states': {
            range: '7d',
            states: statesFixture({ Borno: { events: 2, sources: ['Punch', 'ThisDay'] } }),
          },
          '/api/v1/states/Borno/events': {
            state: 'Borno',
            events: [
              {
                id: 'e1',
                occurred_at: '2026-01-27',
                event_type: 'armed_clash',
                fatalities: 4,
                lga: 'Maiduguri',
                title: 'Clash near Maiduguri',
                url: 'https://news.example/1',
                source: 'Punch',
              },
            ],
          },
        },
        context: { setView, view: { ...DEFAULT_VIEW, view: 'map', state: 'Borno' } },
      },
    );
    render(element);
    await waitFor(() => expect(screen.getAllByTestId('state-event')).toHaveLength(1));
    expect(requests.map((request) => new URL(request.url).search).sort()).toEqual([
      '?range=7d',
      '?range=7d&limit=100',
    ]);
    const detail = screen.getByTestId('state-detail').textContent;
    expect(detail).toContain('Reported by: Punch, ThisDay');
    expect(detail).toContain('Clash near Maiduguri');
    expect(detail).toContain('LGA Maiduguri');
    fireEvent.click(screen.getByRole('button', { name: 'Kano' }));
    expect(setView).toHaveBeenCalledWith({ state: 'Kano' });
  });

  it('reads the states as of a replayed moment, and says so in its title', async () => {
    const at = '2026-01-28T03:12:00.000Z';
    const { element, requests } = withConsole(
      <MapView range="24h" at={at} selected={null} refreshKey="at" />,
      { answers: { '/api/v1/states': { range: '24h', states: statesFixture({}) } } },
    );
    render(element);
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(new URL(requests[0]!.url).searchParams.get('at')).toBe(at);
    expect(
      screen.getByRole('region', { name: /^Events per state · 24 h to \d\d:\d\d/ }),
    ).toBeTruthy();
  });

  it('sums the range up beside the map while no state is chosen, and selects from it', async () => {
    const setView = vi.fn();
    const { element } = withConsole(<MapView range="24h" selected={null} refreshKey="s" />, {
      answers: {
        '/api/v1/states': {
          range: '24h',
          states: statesFixture({
            Borno: { events: 5, fatalities: 7, spike: true },
            Kano: { events: 3, fatalities: 1 },
            Lagos: { events: 3, fatalities: 0, coverage_gap: true },
            Oyo: { events: 1, fatalities: 0 },
          }),
        },
      },
      context: { setView, view: { ...DEFAULT_VIEW, view: 'map' } },
    });
    render(element);
    const summary = await screen.findByTestId('states-summary');
    expect(summary.textContent).toContain('12 events, 8 fatalities in 4 of 37 states');
    const [flagged, busiest] = summary.querySelectorAll('ul, ol');
    expect([...flagged!.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Bornospike',
      'Lagoscoverage gap',
    ]);
    expect([...busiest!.querySelectorAll('button')].map((button) => button.textContent)).toEqual([
      'Borno',
      'Kano',
      'Lagos',
      'Oyo',
    ]);
    expect(busiest!.querySelectorAll('li')[1]!.textContent).toContain('3 events · 1 fatality');
    expect(screen.queryByTestId('state-detail')).toBeNull();
    fireEvent.click(busiest!.querySelector('button')!);
    expect(setView).toHaveBeenCalledWith({ state: 'Borno' });
  });
});
