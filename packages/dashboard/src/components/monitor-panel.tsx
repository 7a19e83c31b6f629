import type { MonitorHealth } from '@naija-monitor/protocol';
import { formatCount, formatDurationMs } from '../format';
import { Fact } from './fact';
import { Panel } from './panel';
import { Skeleton } from './skeleton';

/** Props of {@link MonitorPanel}. */
export interface MonitorPanelProps {
  /** `status.monitor`; undefined when the server does not report it; null until the first status. */
  monitor: MonitorHealth | undefined | null;
}

/** The monitor's own live figures: connections by transport, broadcast and compute times, lag. */
export function MonitorPanel({ monitor }: MonitorPanelProps) {
  return (
    <Panel
      id="monitor"
      title="Monitor"
      loading={monitor === null}
      className="panel--facts"
      aside={
        monitor ? (
          <span>
            {formatCount(monitor.nodes?.length ?? 1)} node
            {(monitor.nodes?.length ?? 1) === 1 ? '' : 's'}
          </span>
        ) : undefined
      }
    >
      {monitor === null && <Skeleton variant="row" lines={4} />}
      {monitor === undefined && (
        <p className="all-clear muted">This server does not report its own metrics.</p>
      )}
      {monitor && (
        <dl className="facts">
          <Fact label="Live connections" testId="monitor-connections">
            <span className="fact__big">{formatCount(monitor.connections.total)}</span>
            <span className="muted"> of {formatCount(monitor.connections.max)}</span>
          </Fact>
          <Fact label="By transport">
            {formatCount(monitor.connections.websocket)} WebSocket ·{' '}
            {formatCount(monitor.connections.sse)} SSE
          </Fact>
          <Fact label="Broadcast time" testId="monitor-broadcast">
            {formatDurationMs(monitor.broadcast_ms)}
          </Fact>
          <Fact label="Status compute">{formatDurationMs(monitor.status_compute_ms)}</Fact>
          <Fact label="Event-loop lag">{formatDurationMs(monitor.event_loop_lag_ms)}</Fact>
          <Fact label="Messages sent">{formatCount(monitor.messages_sent)}</Fact>
          {monitor.nodes && monitor.nodes.length > 1 && (
            <Fact label="Connections per node" wide>
              {monitor.nodes
                .map((node) => `${node.node_id}: ${formatCount(node.connections)}`)
                .join(' · ')}
            </Fact>
          )}
        </dl>
      )}
    </Panel>
  );
}
