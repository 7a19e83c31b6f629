import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ReplayBanner } from './replay-banner';
import { statusSegments, StatusTimeline } from './status-timeline';

const FROM = Date.parse('2026-01-28T00:00:00.000Z');
const TO = Date.parse('2026-01-29T00:00:00.000Z');
const items = [
  { at: '2026-01-27T23:00:00.000Z', seq: 1, overall_status: 'healthy' as const },
  { at: '2026-01-28T03:00:00.000Z', seq: 2, overall_status: 'healthy' as const },
  { at: '2026-01-28T06:00:00.000Z', seq: 3, overall_status: 'degraded' as const },
  { at: '2026-01-28T12:00:00.000Z', seq: 4, overall_status: 'healthy' as const },
];

describe('StatusTimeline', () => {
  it('merges equal neighbours and clips to the range', () => {
    expect(
      statusSegments(items, FROM, TO).map((s) => [
        new Date(s.fromMs).toISOString().slice(11, 16),
        s.status,
      ]),
    ).toEqual([
      ['00:00', 'healthy'],
      ['06:00', 'degraded'],
      ['12:00', 'healthy'],
    ]);
  });

  it('colours the strip by class and picks a moment from the slider', () => {
    const onPick = vi.fn();
    const { container } = render(
      <StatusTimeline items={items} fromMs={FROM} toMs={TO} at={null} onPick={onPick} />,
    );
    expect(container.querySelectorAll('.timeline__segment--warn')).toHaveLength(1);
    const slider = screen.getByRole('slider', { name: 'Replay the status at' });
    fireEvent.change(slider, { target: { value: '180' } });
    expect(onPick).toHaveBeenLastCalledWith('2026-01-28T03:00:00.000Z', false);
    fireEvent.pointerUp(slider);
    expect(onPick).toHaveBeenLastCalledWith('2026-01-28T03:00:00.000Z', true);
  });
});

describe('ReplayBanner', () => {
  it('says which moment is shown and that it is not live, and goes back to live', () => {
    const onBack = vi.fn();
    render(
      <ReplayBanner
        at="2026-01-28T03:12:00.000Z"
        publishedAt="2026-01-28T03:11:58.000Z"
        loading={false}
        error={null}
        onBackToLive={onBack}
      />,
    );
    expect(screen.getByTestId('replay-banner').textContent).toContain('Viewing 03:12');
    expect(screen.getByTestId('replay-banner').textContent).toContain('not live');
    fireEvent.click(screen.getByRole('button', { name: 'Back to live' }));
    expect(onBack).toHaveBeenCalledOnce();
  });
});
