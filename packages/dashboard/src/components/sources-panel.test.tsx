import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW_MS, SOURCES } from '../test/fixtures';
import { SourcesPanel } from './sources-panel';

function rowIds(): string[] {
  const body = screen.getAllByRole('rowgroup')[1]!;
  return within(body)
    .getAllByRole('row')
    .map((row) => row.getAttribute('data-testid')!.replace('source-', ''));
}

function header(name: string): HTMLElement {
  return screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });
}

describe('SourcesPanel', () => {
  it('shows every source with state, success rate, last run and last error', () => {
    render(<SourcesPanel sources={SOURCES} nowMs={NOW_MS} />);
    const vanguard = screen.getByTestId('source-vanguard');
    expect(vanguard.textContent).toContain('Vanguard');
    expect(vanguard.textContent).toContain('Failing');
    expect(vanguard.textContent).toContain('62.5%');
    expect(vanguard.textContent).toContain('5 min ago');
    expect(vanguard.textContent).toContain(
      'HTTP 503 from https://www.vanguardngr.com/feed (3 retries)',
    );
    const never = screen.getByTestId('source-sahara-reporters');
    expect(never.textContent).toContain('Never run');
    expect(never.textContent).toContain('0 runs');
    expect(screen.getByRole('region', { name: 'Sources' }).textContent).toContain(
      '8 sources, 1 failing',
    );
  });

  it('puts the sources that need attention first by default', () => {
    render(<SourcesPanel sources={SOURCES} nowMs={NOW_MS} />);
    expect(rowIds()).toEqual([
      'vanguard',
      'daily-trust',
      'channels',
      'sahara-reporters',
      'premium-times',
      'punch',
      'guardian-ng',
      'thisday',
    ]);
    expect(header('State').getAttribute('aria-sort')).toBe('ascending');
  });

  it('sorts by a column when its header is activated, and flips on a second activation', () => {
    render(<SourcesPanel sources={SOURCES} nowMs={NOW_MS} />);
    const button = within(header('Success rate')).getByRole('button');
    fireEvent.click(button);
    expect(header('Success rate').getAttribute('aria-sort')).toBe('ascending');
    expect(header('State').getAttribute('aria-sort')).toBeNull();
    expect(rowIds().slice(0, 3)).toEqual(['vanguard', 'guardian-ng', 'daily-trust']);
    // Sources without a rate stay last in both directions.
    expect(rowIds().slice(-2)).toEqual(['sahara-reporters', 'thisday']);
    fireEvent.click(button);
    expect(header('Success rate').getAttribute('aria-sort')).toBe('descending');
    expect(rowIds().slice(0, 3)).toEqual(['channels', 'premium-times', 'punch']);
    expect(rowIds().slice(-2)).toEqual(['sahara-reporters', 'thisday']);
  });

  it('sorts by name and by last run', () => {
    render(<SourcesPanel sources={SOURCES} nowMs={NOW_MS} />);
    fireEvent.click(within(header('Source')).getByRole('button'));
    expect(rowIds()[0]).toBe('channels');
    fireEvent.click(within(header('Last run')).getByRole('button'));
    fireEvent.click(within(header('Last run')).getByRole('button'));
    expect(rowIds()[0]).toBe('daily-trust');
    expect(rowIds().at(-1)).toBe('sahara-reporters');
  });

  it('makes every header a keyboard-reachable button and describes the order in the caption', () => {
    render(<SourcesPanel sources={SOURCES} nowMs={NOW_MS} />);
    const buttons = screen.getAllByRole('columnheader').map((th) => within(th).getByRole('button'));
    expect(buttons).toHaveLength(7);
    for (const button of buttons) expect(button.getAttribute('type')).toBe('button');
    expect(screen.getByRole('table').querySelector('caption')?.textContent).toContain(
      'sorted by State, ascending',
    );
  });

  it('dims disabled sources', () => {
    render(<SourcesPanel sources={SOURCES} nowMs={NOW_MS} />);
    expect(screen.getByTestId('source-thisday').className).toBe('row--disabled');
  });

  it('shows skeleton rows while loading and a message when there are no sources', () => {
    const { rerender } = render(<SourcesPanel sources={null} nowMs={NOW_MS} />);
    expect(screen.getByRole('region', { name: 'Sources' }).getAttribute('aria-busy')).toBe('true');
    rerender(<SourcesPanel sources={[]} nowMs={NOW_MS} />);
    expect(screen.getByText('No sources are configured yet.')).toBeTruthy();
  });
});
