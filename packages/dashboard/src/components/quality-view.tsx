import type { QualityPoint } from '@naija-monitor/protocol';
import { useConsole } from '../console/console-context';
import { describeWindow } from '../console/range-label';
import type { TimeRange } from '../console/types';
import { useResource } from '../console/use-resource';
import { formatDateTime, formatPercent } from '../format';
import { Panel } from './panel';
import { QualityTrendChart } from './quality-trend-chart';

/** Props of {@link QualityView}. */
export interface QualityViewProps {
  range: TimeRange;
  /** Replayed moment (ISO): the series up to then. @default null (live) */
  at?: string | null;
  refreshKey: string;
}

/** Newest rows in the table; the chart shows them all. */
const TABLE_ROWS = 24;

/**
 * The quality series over the chosen range (`GET /api/v1/quality`): the evidence behind a
 * geocoding, validation or funnel drift. Chart plus the newest points as a table.
 */
export function QualityView({ range, at = null, refreshKey }: QualityViewProps) {
  const context = useConsole();
  const series = useResource(context ? `${range}|${at ?? ''}|${refreshKey}` : null, () =>
    context!.api.quality(range, at),
  );
  const windowLabel = describeWindow(range, at);
  const points: QualityPoint[] = (series.data?.points ?? []).map((point) => ({
    timestamp: point.at,
    geocoding_success_rate: point.geocoding_success_rate,
    validation_pass_rate: point.validation_pass_rate,
  }));
  const newest = [...points].reverse().slice(0, TABLE_ROWS);
  return (
    <div className="grid" data-testid="quality-view">
      <Panel
        id="quality-series"
        title={`Quality series · ${windowLabel}`}
        className="panel--wide"
        loading={series.loading && !series.data}
      >
        {series.error && (
          <p className="text-bad" role="alert">
            {series.error}
          </p>
        )}
        {series.data && <QualityTrendChart trend={points} windowLabel={windowLabel} />}
        {newest.length > 0 && (
          <table className="table table--compact" data-testid="quality-table">
            <caption className="visually-hidden">Quality measurements, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col" className="numeric">
                  Geocoding success
                </th>
                <th scope="col" className="numeric">
                  Validation pass
                </th>
              </tr>
            </thead>
            <tbody>
              {newest.map((point) => (
                <tr key={point.timestamp}>
                  <th scope="row">{formatDateTime(point.timestamp)}</th>
                  <td className="numeric">{formatPercent(point.geocoding_success_rate)}</td>
                  <td className="numeric">{formatPercent(point.validation_pass_rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
