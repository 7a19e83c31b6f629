import { useConsole } from '../console/console-context';
import { describeWindow } from '../console/range-label';
import type { TimeRange } from '../console/types';
import { useResource } from '../console/use-resource';
import { NigeriaMap } from './nigeria-map';
import { Panel } from './panel';
import { StateDetail } from './state-detail';
import { StatesSummary } from './states-summary';
import { StatesTable } from './states-table';

/** Props of {@link MapView}. */
export interface MapViewProps {
  range: TimeRange;
  /** Replayed moment (ISO): events up to then. @default null (live) */
  at?: string | null;
  selected: string | null;
  refreshKey: string;
}

/**
 * Events per state on a map and in a table; beside the map, a chosen state's events and sources,
 * or while none is chosen, the range's totals, flagged states and busiest states.
 */
export function MapView({ range, at = null, selected, refreshKey }: MapViewProps) {
  const context = useConsole();
  const states = useResource(context ? `${range}|${at ?? ''}|${refreshKey}` : null, () =>
    context!.api.states(range, at),
  );
  const events = useResource(
    context && selected ? `${selected}|${range}|${at ?? ''}|${refreshKey}` : null,
    () => context!.api.stateEvents(selected!, range, at),
  );
  const onSelect = (state: string) => context?.setView({ state });
  const list = states.data?.states ?? null;
  const activity = list?.find((row) => row.state === selected) ?? null;
  return (
    <div className="grid grid--map" data-testid="map-view">
      <Panel
        id="map"
        title={`Events per state · ${describeWindow(range, at)}`}
        className="panel--map"
        loading={states.loading && !states.data}
      >
        {states.error && (
          <p className="text-bad" role="alert">
            {states.error}
          </p>
        )}
        <NigeriaMap states={list} selected={selected} onSelect={onSelect} />
      </Panel>
      {selected ? (
        <StateDetail
          state={selected}
          activity={activity}
          events={events.data?.state === selected ? events.data.events : null}
          error={events.error}
        />
      ) : (
        <StatesSummary states={list} onSelect={onSelect} />
      )}
      <Panel id="states" title="States as a table" className="panel--wide">
        {list ? (
          <StatesTable states={list} selected={selected} onSelect={onSelect} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </Panel>
    </div>
  );
}
