import { describe, expect, it } from 'vitest';
import { validateEvent, type EventToValidate } from './event-validator';

const good: EventToValidate = {
  eventType: 'attack',
  eventDate: '2026-03-01',
  precision: 'lga',
  foreign: false,
  latitude: 9.3,
  longitude: 8.99,
  fatalities: 12,
  injuries: 5,
  confidence: 0.9,
};
const today = '2026-03-02';

describe('validateEvent', () => {
  it('passes a complete, recent, placed, plausible event with no reasons', () => {
    expect(validateEvent(good, today)).toEqual({ status: 'passed', reasons: [] });
  });

  it('passes state precision and unknown counts', () => {
    expect(
      validateEvent({ ...good, precision: 'state', fatalities: null, injuries: null }, today)
        .status,
    ).toBe('passed');
  });

  it.each<[Partial<EventToValidate>, string, string]>([
    [{ eventType: null }, 'rejected', 'missing_event_type'],
    [{ eventDate: null }, 'rejected', 'missing_event_date'],
    [{ eventDate: '2026-03-03' }, 'rejected', 'date_in_future'],
    [{ eventDate: '2026-01-15' }, 'needs_review', 'date_stale'],
    [{ eventDate: '2024-12-31' }, 'rejected', 'date_too_old'],
    [{ precision: 'none', latitude: null, longitude: null }, 'needs_review', 'no_location'],
    [{ latitude: 5.6, longitude: -0.2 }, 'rejected', 'outside_nigeria'],
    [
      { precision: 'none', foreign: true, latitude: null, longitude: null },
      'rejected',
      'outside_nigeria',
    ],
    [{ fatalities: 350 }, 'needs_review', 'fatalities_high'],
    [{ fatalities: 5000 }, 'rejected', 'fatalities_implausible'],
    [{ confidence: 0.3 }, 'needs_review', 'low_confidence'],
  ])('%o → %s (%s)', (change, status, reason) => {
    const result = validateEvent({ ...good, ...change }, today);
    expect(result.status).toBe(status);
    expect(result.reasons).toContain(reason);
  });

  it('rejects when any reason rejects, and lists every reason', () => {
    const result = validateEvent(
      { ...good, eventDate: '2026-04-01', precision: 'none', latitude: null, longitude: null },
      today,
    );
    expect(result).toEqual({ status: 'rejected', reasons: ['date_in_future', 'no_location'] });
  });
});
