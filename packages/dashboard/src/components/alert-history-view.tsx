import { useState } from 'react';
import type { AlertState } from '@naija-monitor/protocol';
import { useConsole } from '../console/console-context';
import { useResource } from '../console/use-resource';
import type { KnownSource } from '../console/evidence';
import { formatCount } from '../format';
import { AlertHistoryEntry } from './alert-history-entry';
import { Panel } from './panel';

/** Props of {@link AlertHistoryView}. */
export interface AlertHistoryViewProps {
  nowMs: number;
  sources: readonly KnownSource[];
  refreshKey: string;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;
const STATES: ReadonlyArray<AlertState | ''> = ['', 'firing', 'pending', 'recovering', 'resolved'];

/** The last 7 days of alerts, filtered by rule, source and state, each with its transitions. */
export function AlertHistoryView({ nowMs, sources, refreshKey }: AlertHistoryViewProps) {
  const context = useConsole();
  const [rule, setRule] = useState('');
  const [source, setSource] = useState('');
  const [state, setState] = useState<AlertState | ''>('');
  const answer = useResource(context ? `${rule}|${source}|${refreshKey}` : null, () =>
    context!.api.alerts({ ...(rule ? { rule } : {}), ...(source ? { source } : {}) }),
  );
  const since = nowMs - WEEK_MS;
  const alerts = (answer.data ?? []).filter(
    (alert) => Date.parse(alert.updated_at) >= since && (state === '' || alert.state === state),
  );
  const rules = [...new Set((answer.data ?? []).map((alert) => alert.rule))].sort();
  if (rule && !rules.includes(rule)) rules.unshift(rule);

  return (
    <Panel
      id="alert-history"
      title="Alert history · last 7 days"
      className="panel--wide"
      loading={answer.loading && !answer.data}
      aside={
        answer.data
          ? `${formatCount(alerts.length)} ${alerts.length === 1 ? 'alert' : 'alerts'}`
          : undefined
      }
    >
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label className="field field--inline">
          <span>Rule</span>
          <select value={rule} onChange={(event) => setRule(event.target.value)}>
            <option value="">all rules</option>
            {rules.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span>Source</span>
          <select value={source} onChange={(event) => setSource(event.target.value)}>
            <option value="">all sources</option>
            {sources.map((known) => (
              <option key={known.id} value={known.id}>
                {known.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span>State</span>
          <select
            value={state}
            onChange={(event) => setState(event.target.value as AlertState | '')}
          >
            {STATES.map((name) => (
              <option key={name} value={name}>
                {name || 'any state'}
              </option>
            ))}
          </select>
        </label>
      </form>
      {answer.error && (
        <p className="text-bad" role="alert">
          {answer.error}
        </p>
      )}
      {answer.data && alerts.length === 0 && (
        <p className="all-clear">No alerts in the last 7 days match.</p>
      )}
      {alerts.length > 0 && (
        <ul className="items" data-testid="alert-history">
          {alerts.map((alert) => (
            <AlertHistoryEntry key={alert.id} alert={alert} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
