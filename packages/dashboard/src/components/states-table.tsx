import { busiestFirst, precisionMix } from '../console/choropleth';
import type { StateActivity } from '../console/types';
import { formatCount } from '../format';

/** Props of {@link StatesTable}. */
export interface StatesTableProps {
  states: readonly StateActivity[];
  selected: string | null;
  onSelect: (state: string) => void;
}

/** The map's data as a table: the accessible (and sortable by eye) form of the choropleth. */
export function StatesTable({ states, selected, onSelect }: StatesTableProps) {
  const rows = [...states].sort(busiestFirst);
  return (
    <div className="table-scroll" tabIndex={0} aria-labelledby="states-table-caption">
      <table className="table table--states" data-testid="states-table">
        <caption id="states-table-caption" className="visually-hidden">
          Events per state, busiest first
        </caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col" className="numeric">
              Events
            </th>
            <th scope="col" className="numeric">
              Fatalities
            </th>
            <th scope="col" className="cell-sub-text">
              Geocoding
            </th>
            <th scope="col">Marks</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.state} className={row.state === selected ? 'row--selected' : undefined}>
              <th scope="row">
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={row.state === selected}
                  onClick={() => onSelect(row.state)}
                >
                  {row.state}
                </button>
              </th>
              <td className="numeric">{formatCount(row.events)}</td>
              <td className="numeric">{formatCount(row.fatalities)}</td>
              <td className="cell-sub-text">{row.events > 0 ? precisionMix(row.precision) : ''}</td>
              <td>
                {row.spike && <span className="tag tag--bad">spike</span>}
                {row.coverage_gap && <span className="tag tag--warn">coverage gap</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
