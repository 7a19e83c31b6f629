import type { SourceHealth } from '@naija-monitor/protocol';

/** Columns the sources table sorts by. */
export type SourceSortKey =
  | 'name'
  | 'state'
  | 'success_rate'
  | 'last_run'
  | 'last_error'
  | 'articles_collected'
  | 'events_extracted';

/** A sort order, in the words `aria-sort` uses. */
export interface SourceSort {
  key: SourceSortKey;
  direction: 'ascending' | 'descending';
}

/** The table's first order: the sources that need attention on top. */
export const DEFAULT_SOURCE_SORT: SourceSort = { key: 'state', direction: 'ascending' };

/** Worst first: a failing source matters more than a healthy one. */
const STATE_RANK: Record<SourceHealth['state'], number> = {
  failing: 0,
  running: 1,
  empty: 2,
  never_run: 3,
  ok: 4,
  disabled: 5,
};

type SortValue = string | number | null;

function valueOf(source: SourceHealth, key: SourceSortKey): SortValue {
  switch (key) {
    case 'name':
      return source.name.toLocaleLowerCase();
    case 'state':
      return STATE_RANK[source.state];
    case 'success_rate':
      return source.success_rate;
    case 'last_run': {
      const ms = source.last_run ? Date.parse(source.last_run) : Number.NaN;
      return Number.isNaN(ms) ? null : ms;
    }
    case 'last_error':
      return source.last_error ? source.last_error.toLocaleLowerCase() : null;
    case 'articles_collected':
      return source.articles_collected;
    case 'events_extracted':
      return source.events_extracted;
  }
}

/**
 * Sorted copy of `sources`. Missing values (no run yet, no error) go last in both directions,
 * and ties fall back to the name, so the order is stable from one update to the next.
 */
export function sortSources(sources: readonly SourceHealth[], sort: SourceSort): SourceHealth[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...sources].sort((a, b) => {
    const left = valueOf(a, sort.key);
    const right = valueOf(b, sort.key);
    if (left !== right) {
      if (left === null) return 1;
      if (right === null) return -1;
      const order =
        typeof left === 'string' && typeof right === 'string'
          ? left.localeCompare(right)
          : Number(left) - Number(right);
      if (order !== 0) return sign * order;
    }
    return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  });
}

/** The order after a click on `key`: the same column flips, another column starts ascending. */
export function nextSourceSort(current: SourceSort, key: SourceSortKey): SourceSort {
  if (current.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}
