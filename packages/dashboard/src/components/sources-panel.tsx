import { useMemo, useState } from 'react';
import type { SourceHealth } from '@naija-monitor/protocol';
import { formatCount, formatPercent, humanize, NO_VALUE } from '../format';
import {
  DEFAULT_SOURCE_SORT,
  nextSourceSort,
  sortSources,
  type SourceSort,
  type SourceSortKey,
} from '../sort-sources';
import { Badge } from './badge';
import { Panel } from './panel';
import { Skeleton } from './skeleton';
import { SOURCE_TONES } from './tones';
import { TimeAgo } from './time-ago';
import { ViewLink } from './view-link';

/** Props of {@link SourcesPanel}. */
export interface SourcesPanelProps {
  /** `status.scraping_health.sources`, or null until the first status. */
  sources: SourceHealth[] | null;
  nowMs: number;
  /** Initial order. @default failing sources first */
  initialSort?: SourceSort;
  /** The window of the runs, rates and counts ("last 7 d"). */
  rangeLabel?: string;
}

const COLUMNS: Array<{ key: SourceSortKey; label: string; numeric?: boolean }> = [
  { key: 'name', label: 'Source' },
  { key: 'state', label: 'State' },
  { key: 'success_rate', label: 'Success rate', numeric: true },
  { key: 'last_run', label: 'Last run' },
  { key: 'articles_collected', label: 'Articles', numeric: true },
  { key: 'events_extracted', label: 'Events', numeric: true },
  { key: 'last_error', label: 'Last error' },
];

/**
 * Every source with its state, success rate, last run and last error. Column headers are
 * buttons (so Tab and Enter sort) and the sorted one carries `aria-sort`.
 */
export function SourcesPanel({
  sources,
  nowMs,
  initialSort = DEFAULT_SOURCE_SORT,
  rangeLabel,
}: SourcesPanelProps) {
  const [sort, setSort] = useState(initialSort);
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => {
    if (!sources) return null;
    const wanted = filter.trim().toLowerCase();
    const shown = wanted
      ? sources.filter(
          (source) =>
            source.name.toLowerCase().includes(wanted) || source.id.toLowerCase().includes(wanted),
        )
      : sources;
    return sortSources(shown, sort);
  }, [sources, sort, filter]);
  const failing = sources?.filter((source) => source.state === 'failing').length ?? 0;
  const sortedBy = COLUMNS.find((column) => column.key === sort.key)?.label ?? sort.key;

  return (
    <Panel
      id="sources"
      title="Sources"
      loading={rows === null}
      className="panel--sources"
      aside={
        sources ? (
          <span>
            {rangeLabel && `${rangeLabel} · `}
            {formatCount(sources.length)} sources
            {failing > 0 && <span className="text-bad">, {formatCount(failing)} failing</span>}
          </span>
        ) : undefined
      }
    >
      <div className="source-filter">
        <label className="field field--inline" htmlFor="source-filter">
          <span>Filter sources</span>
          <input
            id="source-filter"
            type="search"
            value={filter}
            placeholder="name or id ( / )"
            autoComplete="off"
            onChange={(event) => setFilter(event.target.value)}
          />
        </label>
      </div>
      <div className="table-scroll" tabIndex={0} aria-labelledby="sources-title">
        <table className="table table--sources">
          <caption className="visually-hidden">
            News sources, sorted by {sortedBy}, {sort.direction}. Activate a column header to sort
            by it.
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => {
                const active = column.key === sort.key;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    className={column.numeric ? 'numeric' : undefined}
                    aria-sort={active ? sort.direction : undefined}
                  >
                    <button
                      type="button"
                      className={active ? 'sort sort--active' : 'sort'}
                      onClick={() => setSort((current) => nextSourceSort(current, column.key))}
                    >
                      {column.label}
                      <span className="sort__arrow" aria-hidden="true">
                        {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows === null &&
              Array.from({ length: 6 }, (_, i) => (
                <tr key={i} aria-hidden="true">
                  <td colSpan={COLUMNS.length}>
                    <Skeleton variant="row" />
                  </td>
                </tr>
              ))}
            {rows?.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="table__empty">
                  {filter ? 'No source matches the filter.' : 'No sources are configured yet.'}
                </td>
              </tr>
            )}
            {rows?.map((source) => (
              <tr
                key={source.id}
                className={source.enabled ? undefined : 'row--disabled'}
                data-testid={`source-${source.id}`}
              >
                <th scope="row" className="source-name">
                  <ViewLink
                    to={{ view: 'source', source: source.id }}
                    className="source-name__title link"
                    title={`Open the runs of ${source.name}`}
                  >
                    {source.name}
                  </ViewLink>
                  <span className="source-name__id">{source.id}</span>
                </th>
                <td>
                  <Badge tone={SOURCE_TONES[source.state]}>{humanize(source.state)}</Badge>
                </td>
                <td className="numeric">
                  {formatPercent(source.success_rate)}
                  <span className="cell-sub">
                    {source.runs === 1 ? '1 run' : `${formatCount(source.runs)} runs`}
                  </span>
                </td>
                <td>
                  <TimeAgo iso={source.last_run} nowMs={nowMs} />
                </td>
                <td className="numeric">{formatCount(source.articles_collected)}</td>
                <td className="numeric">{formatCount(source.events_extracted)}</td>
                <td className="last-error">
                  {source.last_error ? (
                    <span className="last-error__text" title={source.last_error}>
                      {source.last_error}
                    </span>
                  ) : (
                    <span className="muted">{NO_VALUE}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
