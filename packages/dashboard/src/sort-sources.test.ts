import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE_SORT, nextSourceSort, sortSources } from './sort-sources';
import { SOURCES } from './test/fixtures';

describe('sortSources', () => {
  it('never mutates its input', () => {
    const before = SOURCES.map((source) => source.id);
    sortSources(SOURCES, { key: 'name', direction: 'descending' });
    expect(SOURCES.map((source) => source.id)).toEqual(before);
  });

  it('sorts by error text with sources without an error last', () => {
    const ids = sortSources(SOURCES, { key: 'last_error', direction: 'descending' }).map(
      (source) => source.id,
    );
    expect(ids[0]).toBe('vanguard');
    expect(ids).toHaveLength(SOURCES.length);
  });

  it('sorts by counts and breaks ties by name', () => {
    const ids = sortSources(SOURCES, { key: 'events_extracted', direction: 'descending' }).map(
      (source) => source.id,
    );
    expect(ids.slice(0, 3)).toEqual(['premium-times', 'punch', 'daily-trust']);
    // Three sources with 0 events, in name order.
    expect(ids.slice(-3)).toEqual(['channels', 'sahara-reporters', 'thisday']);
  });

  it('flips the same column and starts another ascending', () => {
    expect(nextSourceSort(DEFAULT_SOURCE_SORT, 'state')).toEqual({
      key: 'state',
      direction: 'descending',
    });
    expect(nextSourceSort({ key: 'state', direction: 'descending' }, 'name')).toEqual({
      key: 'name',
      direction: 'ascending',
    });
  });
});
