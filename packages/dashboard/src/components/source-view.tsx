import { useConsole } from '../console/console-context';
import { describeWindow } from '../console/range-label';
import type { TimeRange } from '../console/types';
import { useResource } from '../console/use-resource';
import { Badge } from './badge';
import { SourceDetail } from './source-detail';
import { ViewLink } from './view-link';

/** Props of {@link SourceView}. */
export interface SourceViewProps {
  sourceId: string | null;
  range: TimeRange;
  /** Replayed moment (ISO): the source as of then. @default null (live) */
  at?: string | null;
  nowMs: number;
  /** Changes when the live document does, so the view follows new runs. */
  refreshKey: string;
}

/** The drill-down of one source (`?view=source&source=id`), loaded from its activity route. */
export function SourceView({ sourceId, range, at = null, nowMs, refreshKey }: SourceViewProps) {
  const context = useConsole();
  const activity = useResource(
    context && sourceId ? `${sourceId}|${range}|${at ?? ''}|${refreshKey}` : null,
    () => context!.api.sourceActivity(sourceId!, range, at),
  );
  // The last good answer stays during a reload, but never another source's.
  const data = activity.data?.source.id === sourceId ? activity.data : null;
  const name = data?.source.name ?? sourceId ?? 'No source chosen';
  return (
    <section className="view" aria-labelledby="source-view-title" data-testid="source-view">
      <header className="view__header">
        <ViewLink to={{ view: 'overview' }}>← All sources</ViewLink>
        <h2 className="view__title" id="source-view-title">
          {name}
        </h2>
        {data && !data.source.enabled && <Badge tone="neutral">disabled</Badge>}
      </header>
      {!sourceId && <p className="muted">Choose a source in the Sources table.</p>}
      {activity.error && (
        <p className="text-bad" role="alert">
          {activity.error}
        </p>
      )}
      {activity.loading && !data && <p className="muted">Loading…</p>}
      {data && (
        <SourceDetail
          activity={data}
          nowMs={at ? Date.parse(at) : nowMs}
          windowLabel={describeWindow(data.range, at)}
        />
      )}
    </section>
  );
}
