import type { Anomaly } from '@naija-monitor/protocol';
import { anomalyEvidence, type KnownSource } from '../console/evidence';
import { formatCount, formatFigure, humanize } from '../format';
import { Badge } from './badge';
import { Panel } from './panel';
import { Skeleton } from './skeleton';
import { SEVERITY_RANK, SEVERITY_TONES } from './tones';
import { TimeAgo } from './time-ago';
import { ViewLink } from './view-link';

/** Props of {@link AnomaliesPanel}. */
export interface AnomaliesPanelProps {
  /** `status.anomalies`, or null until the first status. */
  anomalies: Anomaly[] | null;
  nowMs: number;
  /** Source ids of the document, to tell a source subject from a state. */
  sources?: readonly KnownSource[];
}

/** Most severe first, then newest first. */
function byConcern(a: Anomaly, b: Anomaly): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.timestamp.localeCompare(a.timestamp)
  );
}

/** What the data itself looks odd about: spikes, drops, silent sources, quality drops. */
export function AnomaliesPanel({ anomalies, nowMs, sources = [] }: AnomaliesPanelProps) {
  const sorted = anomalies ? [...anomalies].sort(byConcern) : null;
  return (
    <Panel
      id="anomalies"
      title="Anomalies"
      loading={sorted === null}
      className="panel--list"
      aside={
        sorted ? (
          <span>{sorted.length === 0 ? 'none' : `${formatCount(sorted.length)} detected`}</span>
        ) : undefined
      }
    >
      <div
        className="list-scroll"
        tabIndex={sorted && sorted.length > 0 ? 0 : undefined}
        aria-labelledby="anomalies-title"
      >
        {sorted === null && <Skeleton variant="row" lines={3} />}
        {sorted?.length === 0 && <p className="all-clear">No anomalies detected.</p>}
        {sorted && sorted.length > 0 && (
          <ul className="items">
            {sorted.map((anomaly) => {
              const evidence = anomalyEvidence(anomaly, sources);
              return (
                <li
                  key={anomaly.id}
                  className={`item item--${SEVERITY_TONES[anomaly.severity]}`}
                  data-testid="anomaly"
                >
                  <div className="item__head">
                    <Badge tone={SEVERITY_TONES[anomaly.severity]} srPrefix="Severity">
                      {anomaly.severity}
                    </Badge>
                    <span className="item__title">{humanize(anomaly.type)}</span>
                    {anomaly.subject && <span className="item__subject">{anomaly.subject}</span>}
                    <span className="item__time">
                      <TimeAgo iso={anomaly.timestamp} nowMs={nowMs} />
                    </span>
                  </div>
                  <p className="item__text">{anomaly.description}</p>
                  {(anomaly.observed !== undefined || anomaly.since) && (
                    <p className="item__meta">
                      {anomaly.observed !== undefined && (
                        <span>
                          observed {formatFigure(anomaly.observed)}
                          {anomaly.expected !== undefined && (
                            <>, expected {formatFigure(anomaly.expected)}</>
                          )}
                        </span>
                      )}
                      {anomaly.since && (
                        <span>
                          since <TimeAgo iso={anomaly.since} nowMs={nowMs} />
                        </span>
                      )}
                    </p>
                  )}
                  {evidence && (
                    <p className="item__meta">
                      <ViewLink to={evidence.to}>{evidence.label}</ViewLink>
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Panel>
  );
}
