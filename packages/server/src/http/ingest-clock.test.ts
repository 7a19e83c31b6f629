import { describe, expect, it } from 'vitest';
import { firstFutureField } from './ingest-clock';

const now = Date.parse('2026-12-06T12:00:00Z');

describe('firstFutureField', () => {
  it('accepts moments up to the allowed skew and days up to tomorrow', () => {
    expect(
      firstFutureField(
        {
          run: { started_at: '2026-12-06T12:00:00Z', stages: [{ finished_at: null }] },
          events: [{ event_date: '2026-12-07' }],
        },
        now,
      ),
    ).toBeNull();
  });

  it('names the first moment past the limit, nested in arrays', () => {
    expect(
      firstFutureField(
        {
          source_runs: [
            { started_at: '2026-12-06T11:00:00Z' },
            { started_at: '2099-01-01T00:00:00Z' },
          ],
        },
        now,
      ),
    ).toBe('body.source_runs.1.started_at');
    expect(
      firstFutureField(
        {
          run: {
            stages: [
              { started_at: '2026-12-06T13:00:00+01:00' },
              { started_at: '2026-12-06T13:00:01+01:00' },
            ],
          },
        },
        now,
      ),
    ).toBe('body.run.stages.1.started_at');
  });

  it('refuses event days past tomorrow', () => {
    expect(firstFutureField({ events: [{ event_date: '2026-12-09' }] }, now)).toBe(
      'body.events.0.event_date',
    );
  });
});
