import type { ReactNode } from 'react';
import { busiestFirst } from '../console/choropleth';
import type { StateActivity } from '../console/types';
import { formatCount, formatQuantity } from '../format';
import { Panel } from './panel';

/** How many of the busiest states the summary lists. */
const BUSIEST = 5;

/** Props of {@link StatesSummary}. */
export interface StatesSummaryProps {
  /** Every state's activity in the range; null while loading. */
  states: readonly StateActivity[] | null;
  onSelect: (state: string) => void;
}

/**
 * The map's side panel while no state is chosen: the range's totals, the states flagged with a
 * spike or a coverage gap, and the busiest states, each a way into its events.
 */
export function StatesSummary({ states, onSelect }: StatesSummaryProps) {
  if (!states) {
    return (
      <Panel id="states-summary" title="All states" className="panel--list" loading>
        <p className="muted">Loading…</p>
      </Panel>
    );
  }
  const active = states.filter((row) => row.events > 0);
  const events = states.reduce((sum, row) => sum + row.events, 0);
  const fatalities = states.reduce((sum, row) => sum + row.fatalities, 0);
  const flagged = states.filter((row) => row.spike || row.coverage_gap);
  const busiest = [...active].sort(busiestFirst).slice(0, BUSIEST);
  /** One state of a list: its name (a button into its events) and what the list is about. */
  const stateItem = (row: StateActivity, detail: ReactNode) => (
    <li key={row.state} className="item item--neutral">
      <div className="item__head">
        <span className="item__title">
          <button type="button" className="link-button" onClick={() => onSelect(row.state)}>
            {row.state}
          </button>
        </span>
        {detail}
      </div>
    </li>
  );
  return (
    <Panel id="states-summary" title="All states" className="panel--list">
      <div data-testid="states-summary">
        <p className="item__meta">
          <span>
            {formatQuantity(events, 'event')},{' '}
            {formatQuantity(fatalities, 'fatality', 'fatalities')} in {formatCount(active.length)}{' '}
            of {formatQuantity(states.length, 'state')}
          </span>
        </p>
        {flagged.length > 0 && (
          <>
            <h3 className="subheading">Flagged</h3>
            <ul className="items">
              {flagged.map((row) =>
                stateItem(
                  row,
                  <>
                    {row.spike && <span className="tag tag--bad">spike</span>}
                    {row.coverage_gap && <span className="tag tag--warn">coverage gap</span>}
                  </>,
                ),
              )}
            </ul>
          </>
        )}
        {busiest.length > 0 ? (
          <>
            <h3 className="subheading">Busiest</h3>
            <ol className="items">
              {busiest.map((row) =>
                stateItem(
                  row,
                  <span className="muted">
                    {formatQuantity(row.events, 'event')} ·{' '}
                    {formatQuantity(row.fatalities, 'fatality', 'fatalities')}
                  </span>,
                ),
              )}
            </ol>
          </>
        ) : (
          <p className="all-clear">No events in this range.</p>
        )}
        <p className="muted">Choose a state on the map or in the table to see its events.</p>
      </div>
    </Panel>
  );
}
