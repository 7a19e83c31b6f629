import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { NIGERIAN_STATES } from '@naija-monitor/protocol';
import { bucketOf } from '../console/choropleth';
import { STATE_OF_MAP_ID, STATE_SHAPES } from '../console/nigeria-states';
import { statesFixture } from '../test/console-fixtures';
import { NigeriaMap } from './nigeria-map';
import { StatesTable } from './states-table';

const states = statesFixture({
  Borno: { events: 31, fatalities: 40, spike: true, precision: { lga: 20, state: 9, none: 2 } },
  Kaduna: { events: 3, sources: ['Punch'], precision: { lga: 3, state: 0, none: 0 } },
  Nasarawa: { events: 1, coverage_gap: true, precision: { lga: 0, state: 1, none: 0 } },
});

describe('NigeriaMap', () => {
  it("maps the outline package's 37 states onto the server's 37 names exactly", () => {
    expect(Object.values(STATE_OF_MAP_ID).sort()).toEqual([...NIGERIAN_STATES].sort());
    expect(STATE_SHAPES).toHaveLength(37);
  });

  it('draws 37 states with fill buckets, spike and gap marks, and a tooltip of the precision mix', () => {
    const { container } = render(
      <NigeriaMap states={states} selected={null} onSelect={() => {}} />,
    );
    const paths = container.querySelectorAll('path.map__state');
    expect(paths).toHaveLength(37);
    const borno = container.querySelector('path[data-state="Borno"]')!;
    expect(borno.getAttribute('class')).toContain('map__state--b5');
    expect(borno.getAttribute('class')).toContain('map__state--spike');
    expect(borno.querySelector('title')?.textContent).toBe(
      'Borno: 31 events, 40 fatalities, spike; geocoded: 20 to an LGA, 9 to the state only, 2 not placed',
    );
    expect(container.querySelector('path[data-state="Nasarawa"]')!.getAttribute('class')).toContain(
      'map__state--gap',
    );
    expect(container.querySelector('path[data-state="Lagos"]')!.getAttribute('class')).toContain(
      'map__state--b0',
    );
    // No inline styles anywhere: the page runs under a strict CSP.
    expect(container.querySelector('[style]')).toBeNull();
    expect(screen.getByText(/CC BY 4\.0/)).toBeTruthy();
  });

  it('selects a state by click and by keyboard', () => {
    const onSelect = vi.fn();
    render(<NigeriaMap states={states} selected="Kaduna" onSelect={onSelect} />);
    const kaduna = screen.getByRole('button', { name: /^Kaduna:/ });
    expect(kaduna.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: /^Borno:/ }));
    fireEvent.keyDown(screen.getByRole('button', { name: /^Lagos/ }), { key: 'Enter' });
    expect(onSelect.mock.calls).toEqual([['Borno'], ['Lagos']]);
  });

  it('buckets counts on a log scale, zero alone in bucket 0', () => {
    expect(bucketOf(0, 31)).toBe(0);
    expect(bucketOf(1, 31)).toBe(1);
    expect(bucketOf(31, 31)).toBe(5);
    expect(bucketOf(5, 0)).toBe(0);
  });
});

describe('StatesTable', () => {
  it('lists all 37 states busiest first, with marks', () => {
    render(<StatesTable states={states} selected={null} onSelect={() => {}} />);
    const rows = screen.getByTestId('states-table').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(37);
    expect(rows[0]!.textContent).toContain('Borno');
    expect(rows[0]!.textContent).toContain('spike');
    expect(rows[2]!.textContent).toContain('coverage gap');
  });
});
