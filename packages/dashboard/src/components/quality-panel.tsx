import type { DataQuality } from '@naija-monitor/protocol';
import { formatCount, formatPercent, humanize } from '../format';
import { Badge } from './badge';
import { Panel } from './panel';
import { QualityTrendChart } from './quality-trend-chart';
import { Skeleton } from './skeleton';
import { QUALITY_TONES } from './tones';
import { TimeAgo } from './time-ago';

/** Props of {@link QualityPanel}. */
export interface QualityPanelProps {
  /** `status.data_quality`, or null until the first status. */
  quality: DataQuality | null;
  nowMs: number;
  /** The window of the trend and event-based rates ("last 7 d"). @default 'last 24 h' */
  rangeLabel?: string;
}

/** Geocoding success and validation pass rates, where they come from, and their 24 h trend. */
export function QualityPanel({ quality, nowMs, rangeLabel = 'last 24 h' }: QualityPanelProps) {
  const loading = quality === null;
  return (
    <Panel
      id="quality"
      title="Data quality"
      loading={loading}
      className="panel--quality"
      aside={
        quality ? (
          <>
            <span className="panel__range">{rangeLabel}</span>
            <Badge tone={QUALITY_TONES[quality.status]} srPrefix="Quality status">
              {humanize(quality.status)}
            </Badge>
          </>
        ) : undefined
      }
    >
      <dl className="rates">
        <Rate
          label="Geocoding success"
          testId="quality-geocoding"
          rate={quality?.geocoding_success_rate ?? null}
          done={quality?.geocoding_successes ?? 0}
          of={quality?.geocoding_attempts ?? 0}
          noun="geocoded"
          loading={loading}
        />
        <Rate
          label="Validation pass"
          testId="quality-validation"
          rate={quality?.validation_pass_rate ?? null}
          done={quality?.validation_passes ?? 0}
          of={quality?.validation_attempts ?? 0}
          noun="passed"
          loading={loading}
        />
      </dl>
      {quality ? (
        <>
          <QualityTrendChart trend={quality.trend} windowLabel={rangeLabel} />
          <p className="panel__note">
            {quality.basis === 'metrics' && (
              <>
                From the newest quality measurement,{' '}
                <TimeAgo iso={quality.measured_at} nowMs={nowMs} />.
              </>
            )}
            {quality.basis === 'events' &&
              'Computed from the extracted events (no quality measurements yet).'}
            {quality.basis === 'none' && 'No quality measurements and no events yet.'}
          </p>
        </>
      ) : (
        <>
          <Skeleton variant="chart" />
          <p className="panel__note">&nbsp;</p>
        </>
      )}
    </Panel>
  );
}

function Rate(props: {
  label: string;
  testId: string;
  rate: number | null;
  done: number;
  of: number;
  noun: string;
  loading: boolean;
}) {
  const { label, testId, rate, done, of, noun, loading } = props;
  return (
    <div className="rate" data-testid={testId}>
      <dt className="rate__label">{label}</dt>
      {loading ? (
        <dd>
          <Skeleton variant="tile" />
        </dd>
      ) : (
        <>
          <dd className="rate__value">{formatPercent(rate)}</dd>
          <dd className="rate__sub">
            {of > 0 ? `${formatCount(done)} of ${formatCount(of)} ${noun}` : 'no attempts'}
          </dd>
          <dd className="rate__meter">
            <meter
              min={0}
              max={100}
              low={70}
              high={90}
              optimum={100}
              value={rate ?? 0}
              aria-label={`${label} rate`}
            >
              {formatPercent(rate)}
            </meter>
          </dd>
        </>
      )}
    </div>
  );
}
