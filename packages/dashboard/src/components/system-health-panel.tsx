import type { SystemHealth } from '@naija-monitor/protocol';
import { formatBytes, formatDurationMs } from '../format';
import { Badge } from './badge';
import { Fact } from './fact';
import { Panel } from './panel';
import { Skeleton } from './skeleton';
import { TimeAgo } from './time-ago';

/** Props of {@link SystemHealthPanel}. */
export interface SystemHealthPanelProps {
  /** `status.system_health`, or null until the first status. */
  health: SystemHealth | null;
  nowMs: number;
}

const BUS_NAMES = { local: 'in-process', redis: 'Redis', degraded: 'Redis (degraded)' } as const;

/** The server behind the data: database reachability and latency, memory, uptime, node, bus. */
export function SystemHealthPanel({ health, nowMs }: SystemHealthPanelProps) {
  return (
    <Panel
      id="system"
      title="System health"
      loading={health === null}
      className="panel--facts"
      aside={
        health ? (
          health.database.reachable && !health.stale ? (
            <Badge tone="good">Operational</Badge>
          ) : (
            <Badge tone="bad">{health.database.reachable ? 'Stale data' : 'Database down'}</Badge>
          )
        ) : undefined
      }
    >
      {health === null ? (
        <Skeleton variant="row" lines={4} />
      ) : (
        <dl className="facts">
          <Fact label="Database" testId="system-database">
            <Badge tone={health.database.reachable ? 'good' : 'bad'}>
              {health.database.reachable ? 'reachable' : 'unreachable'}
            </Badge>{' '}
            <span className="muted">
              {health.database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}
            </span>
          </Fact>
          <Fact label="Query time">{formatDurationMs(health.database.query_ms)}</Fact>
          <Fact label="Data as of">
            <TimeAgo iso={health.data_as_of} nowMs={nowMs} />
          </Fact>
          <Fact label="Uptime">{formatDurationMs(health.uptime_seconds * 1000)}</Fact>
          <Fact label="Memory (RSS)">{formatBytes(health.memory_rss_bytes)}</Fact>
          <Fact label="Heap used">{formatBytes(health.heap_used_bytes)}</Fact>
          <Fact label="Node">
            <code className="truncate" title={health.node_id}>
              {health.node_id}
            </code>
          </Fact>
          <Fact label="Status bus">{health.bus ? BUS_NAMES[health.bus] : '—'}</Fact>
          {health.database.error && (
            <Fact label="Database error" wide>
              <span className="text-bad">{health.database.error}</span>
            </Fact>
          )}
        </dl>
      )}
    </Panel>
  );
}
