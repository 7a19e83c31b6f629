import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW_MS, statusDocument } from '../test/fixtures';
import { StagesPanel } from './stages-panel';

const doc = statusDocument();

describe('StagesPanel', () => {
  it('lists the five stages in pipeline order', () => {
    render(
      <StagesPanel
        stages={[...doc.pipeline_stages].reverse()}
        lastRun={doc.last_run}
        nowMs={NOW_MS}
      />,
    );
    const names = screen
      .getAllByRole('listitem')
      .map((item) => item.querySelector('.stage__name')?.textContent);
    expect(names).toEqual(['Collection', 'Processing', 'Extraction', 'Geocoding', 'Validation']);
  });

  it('shows state, items of total and the measured duration of each stage', () => {
    render(<StagesPanel stages={doc.pipeline_stages} lastRun={doc.last_run} nowMs={NOW_MS} />);
    const collection = screen.getByTestId('stage-collection');
    expect(collection.textContent).toContain('Succeeded');
    expect(collection.textContent).toContain('7 / 8');
    expect(collection.textContent).toContain('12.4 s');
    expect(screen.getByTestId('stage-processing').textContent).toContain('3.2 s');
    expect(screen.getByTestId('stage-extraction').textContent).toContain('48.9 s');
    const geocoding = screen.getByTestId('stage-geocoding');
    expect(geocoding.textContent).toContain('Running');
    expect(geocoding.textContent).toContain('30 / 42');
    expect(geocoding.textContent).toContain('running');
  });

  it('shows a dash, not an invented figure, for a stage without a duration', () => {
    render(<StagesPanel stages={doc.pipeline_stages} lastRun={doc.last_run} nowMs={NOW_MS} />);
    const validation = screen.getByTestId('stage-validation');
    expect(validation.textContent).toContain('Pending');
    expect(validation.querySelector('.stage__duration')?.textContent).toBe('—');
  });

  it('labels each progress bar with its figures', () => {
    render(<StagesPanel stages={doc.pipeline_stages} lastRun={doc.last_run} nowMs={NOW_MS} />);
    const bar = screen.getByLabelText('Geocoding: 30 of 42 items');
    expect(bar.getAttribute('value')).toBe('30');
    expect(bar.getAttribute('max')).toBe('42');
  });

  it('says "no data" for a stage the server did not report', () => {
    render(
      <StagesPanel
        stages={doc.pipeline_stages.slice(0, 2)}
        lastRun={doc.last_run}
        nowMs={NOW_MS}
      />,
    );
    expect(screen.getByTestId('stage-validation').textContent).toContain('no data');
  });

  it('names the run and when it started', () => {
    render(<StagesPanel stages={doc.pipeline_stages} lastRun={doc.last_run} nowMs={NOW_MS} />);
    expect(screen.getByText('3f2a9c1e')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Pipeline stages' }).textContent).toContain(
      'started 5 min ago',
    );
  });

  it('sums the measured durations and says which stages have none yet', () => {
    render(<StagesPanel stages={doc.pipeline_stages} lastRun={doc.last_run} nowMs={NOW_MS} />);
    // 12.4 s + 3.24 s + 48.9 s = 64.54 s
    expect(screen.getByTestId('stages-total').textContent).toBe(
      'Measured time so far: 1 min 05 s (2 stages not finished).',
    );
  });

  it('keeps five rows while loading', () => {
    render(<StagesPanel stages={null} lastRun={null} nowMs={NOW_MS} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(5);
    expect(screen.getByRole('region', { name: 'Pipeline stages' }).getAttribute('aria-busy')).toBe(
      'true',
    );
  });
});
