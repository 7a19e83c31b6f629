import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBytes,
  formatCount,
  formatQuantity,
  formatDurationMs,
  formatFigure,
  formatPercent,
  humanize,
  secondsSince,
} from './format';

describe('format', () => {
  it('formats counts and percentages, with a dash for missing values', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(null)).toBe('—');
    expect(formatQuantity(1, 'fatality', 'fatalities')).toBe('1 fatality');
    expect(formatQuantity(2004, 'event')).toBe('2,004 events');
    expect(formatQuantity(0, 'state')).toBe('0 states');
    expect(formatPercent(87.5)).toBe('87.5%');
    expect(formatPercent(100)).toBe('100.0%');
    expect(formatPercent(null)).toBe('—');
    expect(formatFigure(14)).toBe('14');
    expect(formatFigure(61.04)).toBe('61.0');
  });

  it('formats durations with units that fit', () => {
    expect(formatDurationMs(0.42)).toBe('0.42 ms');
    expect(formatDurationMs(14.25)).toBe('14.3 ms');
    expect(formatDurationMs(850)).toBe('850 ms');
    expect(formatDurationMs(12_400)).toBe('12.4 s');
    expect(formatDurationMs(245_000)).toBe('4 min 05 s');
    expect(formatDurationMs(7_800_000)).toBe('2 h 10 min');
    expect(formatDurationMs(3 * 86_400_000)).toBe('3 d 0 h');
    expect(formatDurationMs(null)).toBe('—');
  });

  it('formats bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(142 * 1024 * 1024)).toBe('142.0 MiB');
  });

  it('formats ages relative to a given now, never negative', () => {
    const now = Date.parse('2026-01-28T15:31:00Z');
    expect(formatAgo('2026-01-28T15:30:59.5Z', now)).toBe('just now');
    expect(formatAgo('2026-01-28T15:30:18Z', now)).toBe('42 s ago');
    expect(formatAgo('2026-01-28T15:26:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-01-28T12:31:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2026-01-25T15:31:00Z', now)).toBe('3 d ago');
    expect(formatAgo('2026-01-28T15:40:00Z', now)).toBe('just now');
    expect(formatAgo(null, now)).toBe('—');
    expect(formatAgo('not a date', now)).toBe('—');
    expect(secondsSince(now - 2500, now)).toBe(2);
  });

  it('humanizes identifiers', () => {
    expect(humanize('event_spike')).toBe('Event spike');
    expect(humanize('never_run')).toBe('Never run');
  });
});
